/* GLPKGuard: calls into GLPK behind a setjmp/glp_error_hook guard.
 *
 * GLPK aborts the process when it detects an internal error or an invalid argument. Every
 * function here installs an error hook, runs one GLPK call and removes the hook. If GLPK
 * raises an error, the hook frees this thread's GLPK environment (the GLPK manual requires it
 * after an error) and longjmps back into the same C function, which returns 1. The longjmp
 * never leaves C: no Swift frame lies between setjmp and the GLPK call.
 *
 * After a return value of 1 every glp_prob created on this thread is gone; callers detect it
 * through epof_glpk_generation(), which counts such environment resets per thread. */
#ifndef EPOF_GLPK_GUARD_H
#define EPOF_GLPK_GUARD_H

#include <glpk.h>
#include <stdint.h>

/* Progress of branch-and-bound, collected by a C callback during glp_intopt. */
typedef struct {
    /* Local bound of the best active node at the last callback; valid when has_bound != 0. */
    double best_node_bound;
    int has_bound;
    /* Largest total node count (glp_ios_tree_size t_cnt) seen. */
    int nodes;
} epof_mip_progress;

/* Per-thread environment bookkeeping. retain initialises the environment (returns
 * glp_init_env's code: 0 or 1 = ready, 2 = out of memory, 3 = unsupported) and counts one
 * more live solver on this thread; release counts one less and frees the environment when
 * the count reaches zero. */
int epof_glpk_retain_env(void);
void epof_glpk_release_env(void);
/* Number of times this thread's environment was freed after a GLPK error. */
uint64_t epof_glpk_generation(void);
/* A token unique to the calling thread for the lifetime of the process. */
uint64_t epof_glpk_thread_token(void);

/* Guarded calls: return 0 when GLPK returned normally (its result in *result where there is
 * one), 1 when GLPK raised an error and the environment was reset. */
int epof_glpk_simplex(glp_prob *P, const glp_smcp *parm, int *result);
int epof_glpk_intopt(glp_prob *P, const glp_iocp *parm, int *result, epof_mip_progress *progress);
int epof_glpk_interior(glp_prob *P, const glp_iptcp *parm, int *result);
int epof_glpk_factorize(glp_prob *P, int *result);
int epof_glpk_analyze_bound(glp_prob *P, int k, double *value1, double *value2);
int epof_glpk_analyze_coef(glp_prob *P, int k, double *coef1, double *coef2);
int epof_glpk_load_matrix(glp_prob *P, int ne, const int ia[], const int ja[], const double ar[]);
int epof_glpk_set_mat_col(glp_prob *P, int j, int len, const int ind[], const double val[]);
int epof_glpk_set_mat_row(glp_prob *P, int i, int len, const int ind[], const double val[]);

#endif
