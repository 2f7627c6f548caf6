/// The device's own thermal protection, independent of any planner or controller.
///
/// Each `update` is one control period (the simulator calls it once per tick):
/// - at or above `criticalTemperature − criticalMargin` the clock drops straight to the
///   lowest level (emergency);
/// - at or above the throttle temperature the allowed level steps down by one per period;
/// - below `throttleTemperature − hysteresis` it recovers by one level per period until
///   the cap is lifted; in between it holds, so the clock does not oscillate at the limit.
///
/// `events` counts engagements: transitions from unthrottled to throttled.
public struct HardwareThrottle: Sendable {
    /// Temperature at which stepping down starts, °C.
    public let throttleTemperature: Double
    /// Emergency temperature, °C.
    public let criticalTemperature: Double
    /// Recovery starts this many K below the throttle temperature.
    public var hysteresis: Double
    /// The emergency drop to the lowest level happens this many K below critical.
    public var criticalMargin: Double
    /// Highest DVFS level index of the device.
    public let topLevel: Int
    /// Highest level the hardware currently allows.
    public private(set) var allowedLevel: Int
    /// Whether the throttle is engaged (the cap is below the top level, or was just hit).
    public private(set) var isEngaged = false
    /// Number of throttle engagements so far.
    public private(set) var events: Int = 0

    /// A throttle for `device`, unengaged; `hysteresis` and `criticalMargin` in K.
    public init(device: DeviceSpec, hysteresis: Double = 5, criticalMargin: Double = 2) {
        throttleTemperature = device.thermal.throttleTemperature
        criticalTemperature = device.thermal.criticalTemperature
        self.hysteresis = hysteresis
        self.criticalMargin = criticalMargin
        topLevel = max(device.dvfs.count - 1, 0)
        allowedLevel = topLevel
    }

    /// Feeds one period's hottest-core temperature (°C) and the level the planner or
    /// controller asks for; returns the level the hardware lets the device run at
    /// (never above `requestedLevel`, clamped to the table).
    public mutating func update(maxCoreTemperature θ: Double, requestedLevel: Int) -> Int {
        let requested = min(max(requestedLevel, 0), topLevel)
        if θ >= criticalTemperature - criticalMargin || θ.isNaN {
            engage()
            allowedLevel = 0
        } else if θ >= throttleTemperature {
            engage()
            // Step down from what is actually running, so a low request is not "throttled" again.
            allowedLevel = max(min(allowedLevel, requested) - 1, 0)
        } else if θ < throttleTemperature - hysteresis {
            if allowedLevel < topLevel { allowedLevel += 1 }
            if allowedLevel == topLevel { isEngaged = false }
        }
        return min(requested, allowedLevel)
    }

    /// Clears the cap and the engaged state (keeps the event count).
    public mutating func release() {
        allowedLevel = topLevel
        isEngaged = false
    }

    private mutating func engage() {
        if !isEngaged {
            isEngaged = true
            events += 1
        }
    }
}
