import Foundation

/// Device power as a function of DVFS level, load and temperature:
///
///     P = P_static + P_leak0·exp(k·(θ − θ₀)) + N·C_eff·V²·f·(a + (1 − a)·u) + P_mem·u_mem
///
/// with N cores on all dies, `u` the compute utilisation, `u_mem` the memory-bandwidth
/// utilisation, and `a` the activity of an idle core (clock tree, control). C_eff and `a`
/// are not free parameters: they are solved from the preset's two published figures so the
/// model reproduces them exactly at the extremes — idle power at the lowest level with no
/// load at θ₀, and maximum power at the highest level under full load at the throttle
/// temperature.
public struct PowerModel: Sendable, Hashable {
    /// The device the model describes.
    public let device: DeviceSpec
    /// Effective switched capacitance per core, F.
    public let switchedCapacitance: Double
    /// Activity of an idle core relative to a fully busy one, in [0, 1].
    public let idleActivity: Double

    /// Calibrates the model to `device`; fails when the spec's figures are inconsistent
    /// (e.g. static power and leakage alone exceed the idle power).
    public init(device: DeviceSpec) throws(DeviceSpecError) {
        self.device = device
        let p = device.power
        let n = Double(device.dies * device.coreGrid.count)
        guard let low = device.dvfs.first, let high = device.dvfs.last else {
            throw DeviceSpecError(field: "dvfs", rule: "needs at least one level")
        }
        let hotLeak = p.leakageAtReference * exp(p.leakageCoefficient * (device.thermal.throttleTemperature - p.leakageReferenceTemperature))
        let busyDynamic = p.maximum - p.staticPower - hotLeak - p.memoryAtFullBandwidth
        guard busyDynamic > 0 else {
            throw DeviceSpecError(field: "power.maximum",
                                  rule: "must exceed static power + leakage at the throttle temperature + memory power (\(p.staticPower + hotLeak + p.memoryAtFullBandwidth) W)")
        }
        let c = busyDynamic / (n * high.voltage * high.voltage * high.frequency)
        let idleDynamic = p.idle - p.staticPower - p.leakageAtReference
        let a = idleDynamic / (n * c * low.voltage * low.voltage * low.frequency)
        guard a >= 0 && a <= 1 else {
            throw DeviceSpecError(field: "power.idle",
                                  rule: "must lie between static + reference leakage (\(p.staticPower + p.leakageAtReference) W) and that plus the lowest level's full dynamic power")
        }
        switchedCapacitance = c
        idleActivity = a
    }

    /// Leakage of the whole device at temperature `θ` (°C), W.
    public func leakage(temperature θ: Double) -> Double {
        device.power.leakageAtReference * exp(device.power.leakageCoefficient * (θ - device.power.leakageReferenceTemperature))
    }

    /// The temperature-independent part (static + dynamic + memory) of the whole device, W.
    public func loadPower(level: Int, utilization u: Double, memoryUtilization um: Double) -> Double {
        let l = device.dvfs[level]
        let n = Double(device.dies * device.coreGrid.count)
        let activity = idleActivity + (1 - idleActivity) * min(max(u, 0), 1)
        return device.power.staticPower
            + n * switchedCapacitance * l.voltage * l.voltage * l.frequency * activity
            + device.power.memoryAtFullBandwidth * min(max(um, 0), 1)
    }

    /// Total power of the whole device, W.
    public func power(level: Int, utilization: Double, memoryUtilization: Double, temperature: Double) -> Double {
        loadPower(level: level, utilization: utilization, memoryUtilization: memoryUtilization) + leakage(temperature: temperature)
    }
}

/// A device or node description that breaks a rule: names the field and the rule, and the
/// file and line when it came from a file.
public struct DeviceSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Dotted path of the field, e.g. "dvfs[3].frequency".
    public var field: String
    /// What is allowed.
    public var rule: String
    /// The file it came from, if any.
    public var file: String?
    /// 1-based line in that file, if known.
    public var line: Int?
    /// An error on `field` breaking `rule`, optionally located in `file` at 1-based `line`.
    public init(field: String, rule: String, file: String? = nil, line: Int? = nil) {
        self.field = field
        self.rule = rule
        self.file = file
        self.line = line
    }
    /// "file:line: field: rule" (file and line when known).
    public var description: String {
        var where_ = ""
        if let file { where_ = line.map { "\(file):\($0): " } ?? "\(file): " }
        return "\(where_)\(field): \(rule)"
    }
}
