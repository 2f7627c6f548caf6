import Foundation

/// A square dense linear system M·y = b solved by LU factorisation with partial pivoting.
///
/// For the epoch LP's simplex bases (a few hundred rows at most), where a dense factorisation
/// is simple and fast enough (O(n³) once, O(n²) per right-hand side).
struct DenseLinearSystem {
    let size: Int
    /// L (unit diagonal, below) and U (on and above the diagonal), row-major.
    private var factors: [Double]
    /// Row k of the factorisation is row `permutation[k]` of M.
    private var permutation: [Int]

    /// Factorises the row-major `matrix` (size × size); nil when it is singular (a pivot below
    /// `relativePivotTolerance` × the largest entry).
    init?(rowMajor matrix: [Double], size n: Int, relativePivotTolerance: Double = 1e-11) {
        guard matrix.count == n * n else { return nil }
        size = n
        factors = matrix
        permutation = Array(0..<n)
        let scale = matrix.reduce(0) { max($0, abs($1)) }
        guard n == 0 || scale > 0 else { return nil }
        for k in 0..<n {
            var p = k
            for i in (k + 1)..<max(k + 1, n) where abs(factors[i * n + k]) > abs(factors[p * n + k]) { p = i }
            guard abs(factors[p * n + k]) > relativePivotTolerance * scale else { return nil }
            if p != k {
                for j in 0..<n { factors.swapAt(k * n + j, p * n + j) }
                permutation.swapAt(k, p)
            }
            let pivot = factors[k * n + k]
            for i in (k + 1)..<max(k + 1, n) {
                let f = factors[i * n + k] / pivot
                guard f != 0 else { continue }
                factors[i * n + k] = f
                for j in (k + 1)..<n { factors[i * n + j] -= f * factors[k * n + j] }
            }
        }
    }

    /// The solution y of M·y = b (b has `size` entries).
    func solve(_ b: [Double]) -> [Double] {
        let n = size
        var y = permutation.map { b[$0] }
        for i in 0..<n {
            var s = y[i]
            for j in 0..<i { s -= factors[i * n + j] * y[j] }
            y[i] = s
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = y[i]
            for j in (i + 1)..<max(i + 1, n) { s -= factors[i * n + j] * y[j] }
            y[i] = s / factors[i * n + i]
        }
        return y
    }
}
