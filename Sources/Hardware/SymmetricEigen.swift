import Foundation

/// Eigendecomposition of a small dense symmetric matrix by the cyclic Jacobi method.
///
/// Used once per thermal model to diagonalise the symmetrised conductance matrix
/// C^{-1/2}·G·C^{-1/2} (≈25–135 nodes). Jacobi is chosen over QR because it is short,
/// unconditionally stable and accurate to working precision on symmetric matrices, and
/// its O(n³) per sweep is irrelevant at this size.
struct SymmetricEigen {
    /// Eigenvalues, ascending.
    let values: [Double]
    /// Eigenvectors, column-major: column k (elements k·n ..< (k+1)·n) belongs to `values[k]`.
    let vectors: [Double]
    let n: Int

    /// `matrix` is n×n row-major and must be symmetric (only symmetry is assumed).
    init(symmetric matrix: [Double], n: Int, maxSweeps: Int = 100) {
        self.n = n
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        a.withUnsafeMutableBufferPointer { a in
            v.withUnsafeMutableBufferPointer { v in
                var scale = 0.0
                for i in 0..<(n * n) { scale = max(scale, abs(a[i])) }
                let tiny = scale * 1e-300 + Double.leastNormalMagnitude
                for _ in 0..<maxSweeps {
                    var off = 0.0
                    for p in 0..<n { for q in (p + 1)..<max(p + 1, n) { off += a[p * n + q] * a[p * n + q] } }
                    var diag = 0.0
                    for p in 0..<n { diag += a[p * n + p] * a[p * n + p] }
                    if off <= 1e-30 * diag + tiny { break }
                    for p in 0..<n {
                        for q in (p + 1)..<max(p + 1, n) {
                            let apq = a[p * n + q]
                            if abs(apq) <= tiny { continue }
                            let app = a[p * n + p], aqq = a[q * n + q]
                            // Rotation angle that annihilates a[p][q] (Golub & Van Loan, Alg. 8.4.1).
                            let theta = (aqq - app) / (2 * apq)
                            let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                            let c = 1 / (t * t + 1).squareRoot()
                            let s = t * c
                            for k in 0..<n {
                                let akp = a[k * n + p], akq = a[k * n + q]
                                a[k * n + p] = c * akp - s * akq
                                a[k * n + q] = s * akp + c * akq
                            }
                            for k in 0..<n {
                                let apk = a[p * n + k], aqk = a[q * n + k]
                                a[p * n + k] = c * apk - s * aqk
                                a[q * n + k] = s * apk + c * aqk
                            }
                            a[p * n + q] = 0
                            a[q * n + p] = 0
                            for k in 0..<n {
                                let vkp = v[k * n + p], vkq = v[k * n + q]
                                v[k * n + p] = c * vkp - s * vkq
                                v[k * n + q] = s * vkp + c * vkq
                            }
                        }
                    }
                }
            }
        }
        // Sort ascending; v is row-major with eigenvector k in column k — repack column-major.
        let order = (0..<n).sorted { a[$0 * n + $0] < a[$1 * n + $1] }
        values = order.map { a[$0 * n + $0] }
        var cols = [Double](repeating: 0, count: n * n)
        for (k, src) in order.enumerated() {
            for i in 0..<n { cols[k * n + i] = v[i * n + src] }
        }
        vectors = cols
    }
}
