import CClp
import LinearModel

// Placeholder: the CLP backend is being written.
