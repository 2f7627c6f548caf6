import Foundation

extension DeviceSpec {
    /// Checks every rule a device description must satisfy; the first violation is thrown,
    /// naming the dotted field path (e.g. "dvfs[3].voltage") and the rule.
    ///
    /// Rules: non-empty id; ≥ 1 die; a core grid of ≥ 1×1; ≥ 5 DVFS levels with positive
    /// finite frequency and voltage, frequency strictly increasing and voltage non-decreasing
    /// with frequency; positive compute, memory and power figures (idle < maximum); the power
    /// model must calibrate (see `PowerModel`); a valid thermal network (see
    /// `validateThermal()`); non-negative link bandwidths.
    public func validate() throws(DeviceSpecError) {
        guard !id.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DeviceSpecError(field: "id", rule: "must not be empty")
        }
        guard dies >= 1 else { throw DeviceSpecError(field: "dies", rule: "must be at least 1 (got \(dies))") }
        guard coreGrid.rows >= 1 else {
            throw DeviceSpecError(field: "coreGrid.rows", rule: "must be at least 1 (got \(coreGrid.rows))")
        }
        guard coreGrid.columns >= 1 else {
            throw DeviceSpecError(field: "coreGrid.columns", rule: "must be at least 1 (got \(coreGrid.columns))")
        }
        guard dvfs.count >= 5 else {
            throw DeviceSpecError(field: "dvfs", rule: "needs at least 5 levels (got \(dvfs.count))")
        }
        for (i, l) in dvfs.enumerated() {
            try positive(l.frequency, "dvfs[\(i)].frequency", unit: "Hz")
            try positive(l.voltage, "dvfs[\(i)].voltage", unit: "V")
            if i > 0 {
                guard l.frequency > dvfs[i - 1].frequency else {
                    throw DeviceSpecError(field: "dvfs[\(i)].frequency",
                                          rule: "frequencies must increase strictly from level to level (\(l.frequency) Hz follows \(dvfs[i - 1].frequency) Hz)")
                }
                guard l.voltage >= dvfs[i - 1].voltage else {
                    throw DeviceSpecError(field: "dvfs[\(i)].voltage",
                                          rule: "voltage must not decrease as frequency rises (\(l.voltage) V follows \(dvfs[i - 1].voltage) V)")
                }
            }
        }
        try positive(compute.peakFP16, "compute.peakFP16", unit: "FLOP/s")
        try positive(compute.peakINT8, "compute.peakINT8", unit: "OP/s")
        try positive(memory.capacity, "memory.capacity", unit: "bytes")
        try positive(memory.bandwidth, "memory.bandwidth", unit: "bytes/s")
        try positive(power.idle, "power.idle", unit: "W")
        try positive(power.maximum, "power.maximum", unit: "W")
        guard power.maximum > power.idle else {
            throw DeviceSpecError(field: "power.maximum", rule: "must exceed power.idle (\(power.maximum) W ≤ \(power.idle) W)")
        }
        try nonNegative(power.staticPower, "power.staticPower", unit: "W")
        try nonNegative(power.leakageAtReference, "power.leakageAtReference", unit: "W")
        try nonNegative(power.leakageCoefficient, "power.leakageCoefficient", unit: "1/°C")
        try finite(power.leakageReferenceTemperature, "power.leakageReferenceTemperature")
        try nonNegative(power.memoryAtFullBandwidth, "power.memoryAtFullBandwidth", unit: "W")
        try validateThermal()
        _ = try PowerModel(device: self)
        try nonNegative(links.hostLink, "links.hostLink", unit: "bytes/s")
        try nonNegative(links.dieToDie, "links.dieToDie", unit: "bytes/s")
        try nonNegative(links.cardToCard, "links.cardToCard", unit: "bytes/s")
    }

    /// Checks the thermal network of one die: finite ambient, positive capacitances and
    /// resistances, ambient < throttle < critical temperature, and floorplan weights (if any)
    /// matching the core grid, non-negative with a positive sum.
    public func validateThermal() throws(DeviceSpecError) {
        let t = thermal
        guard coreGrid.rows >= 1, coreGrid.columns >= 1 else {
            throw DeviceSpecError(field: "coreGrid", rule: "must have at least one row and one column (got \(coreGrid.rows)×\(coreGrid.columns))")
        }
        try finite(t.ambient, "thermal.ambient")
        try positive(t.coreCapacitance, "thermal.coreCapacitance", unit: "J/K")
        try positive(t.coreToSpreaderResistance, "thermal.coreToSpreaderResistance", unit: "K/W")
        try positive(t.lateralResistance, "thermal.lateralResistance", unit: "K/W")
        try positive(t.spreaderCapacitance, "thermal.spreaderCapacitance", unit: "J/K")
        try positive(t.spreaderToAmbientResistance, "thermal.spreaderToAmbientResistance", unit: "K/W")
        try finite(t.throttleTemperature, "thermal.throttleTemperature")
        try finite(t.criticalTemperature, "thermal.criticalTemperature")
        guard t.throttleTemperature > t.ambient else {
            throw DeviceSpecError(field: "thermal.throttleTemperature",
                                  rule: "must exceed thermal.ambient (\(t.throttleTemperature) °C ≤ \(t.ambient) °C)")
        }
        guard t.throttleTemperature < t.criticalTemperature else {
            throw DeviceSpecError(field: "thermal.throttleTemperature",
                                  rule: "must be below thermal.criticalTemperature (\(t.throttleTemperature) °C ≥ \(t.criticalTemperature) °C)")
        }
        if let w = t.corePowerWeights {
            guard w.count == coreGrid.count else {
                throw DeviceSpecError(field: "thermal.corePowerWeights",
                                      rule: "needs one weight per core of the \(coreGrid.rows)×\(coreGrid.columns) core grid (\(coreGrid.count)), got \(w.count)")
            }
            for (i, x) in w.enumerated() { try nonNegative(x, "thermal.corePowerWeights[\(i)]", unit: "") }
            guard w.reduce(0, +) > 0 else {
                throw DeviceSpecError(field: "thermal.corePowerWeights", rule: "must not all be zero")
            }
        }
    }
}

extension NodeSpec {
    /// Checks the device (see `DeviceSpec.validate()`), at least one card, and positive host figures.
    public func validate() throws(DeviceSpecError) {
        do { try device.validate() } catch { throw DeviceSpecError(field: "device." + error.field, rule: error.rule) }
        guard cards >= 1 else { throw DeviceSpecError(field: "cards", rule: "must be at least 1 (got \(cards))") }
        guard host.cpuCores >= 1 else {
            throw DeviceSpecError(field: "host.cpuCores", rule: "must be at least 1 (got \(host.cpuCores))")
        }
        try positive(host.cpuThroughput, "host.cpuThroughput", unit: "FLOP/s")
        try positive(host.ddrCapacity, "host.ddrCapacity", unit: "bytes")
        try positive(host.ddrBandwidth, "host.ddrBandwidth", unit: "bytes/s")
    }
}

private func finite(_ x: Double, _ field: String) throws(DeviceSpecError) {
    guard x.isFinite else { throw DeviceSpecError(field: field, rule: "must be a finite number (got \(x))") }
}

private func positive(_ x: Double, _ field: String, unit: String) throws(DeviceSpecError) {
    guard x.isFinite, x > 0 else {
        throw DeviceSpecError(field: field, rule: "must be a positive finite number\(unit.isEmpty ? "" : " of " + unit) (got \(x))")
    }
}

private func nonNegative(_ x: Double, _ field: String, unit: String) throws(DeviceSpecError) {
    guard x.isFinite, x >= 0 else {
        throw DeviceSpecError(field: field, rule: "must be a non-negative finite number\(unit.isEmpty ? "" : " of " + unit) (got \(x))")
    }
}
