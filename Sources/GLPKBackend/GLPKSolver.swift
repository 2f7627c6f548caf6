import CGLPK
import LinearModel

// Placeholder: the GLPK backend is being written.
