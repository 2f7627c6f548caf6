#include "GLPKGuard.h"
#include <setjmp.h>
#include <stdatomic.h>

static _Thread_local int live_solvers = 0;
static _Thread_local uint64_t generation = 0;
static _Thread_local uint64_t thread_token = 0;
static atomic_uint_fast64_t next_token = 1;

int epof_glpk_retain_env(void) {
    int rc = glp_init_env();
    if (rc == 0 || rc == 1) live_solvers += 1;
    return rc;
}

void epof_glpk_release_env(void) {
    if (live_solvers > 0 && --live_solvers == 0) glp_free_env();
}

uint64_t epof_glpk_generation(void) { return generation; }

uint64_t epof_glpk_thread_token(void) {
    if (thread_token == 0) thread_token = atomic_fetch_add(&next_token, 1);
    return thread_token;
}

/* Called by GLPK on a fatal error; info is the jmp_buf of the guarded call. GLPK's state is
 * unusable after an error, so the environment (and every problem of this thread) is freed. */
static void on_glpk_error(void *info) {
    glp_free_env();
    generation += 1;
    longjmp(*(jmp_buf *)info, 1);
}

#define GUARDED(call)                                   \
    do {                                                \
        jmp_buf buf;                                    \
        if (setjmp(buf) != 0) return 1;                 \
        glp_error_hook(on_glpk_error, &buf);            \
        call;                                           \
        glp_error_hook(NULL, NULL);                     \
        return 0;                                       \
    } while (0)

int epof_glpk_simplex(glp_prob *P, const glp_smcp *parm, int *result) {
    GUARDED(*result = glp_simplex(P, parm));
}

static void track_progress(glp_tree *T, void *info) {
    epof_mip_progress *progress = info;
    int active = 0, current = 0, total = 0;
    glp_ios_tree_size(T, &active, &current, &total);
    if (total > progress->nodes) progress->nodes = total;
    int best = glp_ios_best_node(T);
    if (best != 0) {
        progress->best_node_bound = glp_ios_node_bound(T, best);
        progress->has_bound = 1;
    }
}

int epof_glpk_intopt(glp_prob *P, const glp_iocp *parm, int *result, epof_mip_progress *progress) {
    glp_iocp local = *parm;
    local.cb_func = track_progress;
    local.cb_info = progress;
    GUARDED(*result = glp_intopt(P, &local));
}

int epof_glpk_interior(glp_prob *P, const glp_iptcp *parm, int *result) {
    GUARDED(*result = glp_interior(P, parm));
}

int epof_glpk_factorize(glp_prob *P, int *result) {
    GUARDED(*result = glp_factorize(P));
}

int epof_glpk_analyze_bound(glp_prob *P, int k, double *value1, double *value2) {
    int var1 = 0, var2 = 0;
    GUARDED(glp_analyze_bound(P, k, value1, &var1, value2, &var2));
}

int epof_glpk_analyze_coef(glp_prob *P, int k, double *coef1, double *coef2) {
    int var1 = 0, var2 = 0;
    double value1 = 0, value2 = 0;
    GUARDED(glp_analyze_coef(P, k, coef1, &var1, &value1, coef2, &var2, &value2));
}

int epof_glpk_load_matrix(glp_prob *P, int ne, const int ia[], const int ja[], const double ar[]) {
    GUARDED(glp_load_matrix(P, ne, ia, ja, ar));
}

int epof_glpk_set_mat_col(glp_prob *P, int j, int len, const int ind[], const double val[]) {
    GUARDED(glp_set_mat_col(P, j, len, ind, val));
}

int epof_glpk_set_mat_row(glp_prob *P, int i, int len, const int ind[], const double val[]) {
    GUARDED(glp_set_mat_row(P, i, len, ind, val));
}
