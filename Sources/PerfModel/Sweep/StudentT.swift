import Foundation

/// Means and 95% confidence intervals over replications (Student's t).
public enum StudentT {
    /// The two-sided 95% quantile t(0.975, df) for df = 1…30 (tables of any statistics
    /// text, e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2); beyond 30, the normal's 1.96 is
    /// within 2%.
    static let t975: [Double] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
        2.131,
        2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045,
        2.042,
    ]

    public static func quantile975(df: Int) -> Double {
        df >= 1 && df <= t975.count ? t975[df - 1] : 1.96
    }

    /// The mean of `xs` and its 95% interval (the mean itself with one value).
    public static func interval(_ xs: [Double]) -> (mean: Double, lo: Double, hi: Double) {
        guard !xs.isEmpty else { return (0, 0, 0) }
        let n = Double(xs.count)
        let mean = xs.reduce(0, +) / n
        guard xs.count > 1 else { return (mean, mean, mean) }
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let half = quantile975(df: xs.count - 1) * (variance / n).squareRoot()
        return (mean, mean - half, mean + half)
    }
}
