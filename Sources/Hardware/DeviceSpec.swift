/// A rectangular layout of AI cores on one die (rows × columns), row-major core numbering.
public struct CoreGrid: Codable, Sendable, Hashable {
    /// Rows of cores.
    public var rows: Int
    /// Cores per row.
    public var columns: Int
    /// A grid of `rows` × `columns` cores.
    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
    }
    /// rows × columns.
    public var count: Int { rows * columns }
}

/// One DVFS operating level of a device.
public struct DVFSLevel: Codable, Sendable, Hashable {
    /// Core clock, Hz.
    public var frequency: Double
    /// Core supply voltage, V.
    public var voltage: Double
    /// A level at `frequency` Hz and `voltage` V.
    public init(frequency: Double, voltage: Double) {
        self.frequency = frequency
        self.voltage = voltage
    }
}

/// Peak compute of a whole device (all dies) at its highest DVFS level, dense (no sparsity).
public struct ComputeSpec: Codable, Sendable, Hashable {
    /// FP16/BF16 dense, FLOP/s.
    public var peakFP16: Double
    /// INT8 dense, OP/s.
    public var peakINT8: Double
    /// Peaks in FLOP/s (FP16) and OP/s (INT8).
    public init(peakFP16: Double, peakINT8: Double) {
        self.peakFP16 = peakFP16
        self.peakINT8 = peakINT8
    }
}

/// On-package memory of a whole device.
public struct MemorySpec: Codable, Sendable, Hashable {
    /// HBM capacity, bytes.
    public var capacity: Double
    /// HBM bandwidth, bytes/s.
    public var bandwidth: Double
    /// Capacity in bytes, bandwidth in bytes/s.
    public init(capacity: Double, bandwidth: Double) {
        self.capacity = capacity
        self.bandwidth = bandwidth
    }
}

/// Power-model parameters of a whole device. See `PowerModel` for the equation.
public struct PowerSpec: Codable, Sendable, Hashable {
    /// Measured/published idle power, W (lowest DVFS level, no load, at the idle temperature).
    public var idle: Double
    /// Maximum board power (TDP / power limit), W (highest level, full load, hot).
    public var maximum: Double
    /// Always-on power that depends on neither load nor temperature (uncore, board, fans), W.
    public var staticPower: Double
    /// Leakage at `leakageReferenceTemperature`, W.
    public var leakageAtReference: Double
    /// Leakage temperature coefficient k in P_leak(θ) = P_leak0·exp(k·(θ − θ₀)), 1/°C.
    public var leakageCoefficient: Double
    /// θ₀ of the leakage law, °C.
    public var leakageReferenceTemperature: Double
    /// Memory (HBM) power at full bandwidth, W; scaled by memory utilisation.
    public var memoryAtFullBandwidth: Double
    /// Power parameters; W, 1/°C and °C as documented on each property.
    public init(idle: Double, maximum: Double, staticPower: Double, leakageAtReference: Double,
                leakageCoefficient: Double, leakageReferenceTemperature: Double, memoryAtFullBandwidth: Double) {
        self.idle = idle
        self.maximum = maximum
        self.staticPower = staticPower
        self.leakageAtReference = leakageAtReference
        self.leakageCoefficient = leakageCoefficient
        self.leakageReferenceTemperature = leakageReferenceTemperature
        self.memoryAtFullBandwidth = memoryAtFullBandwidth
    }
}

/// Compact thermal RC network of one die (HotSpot style): one node per core on the grid,
/// lateral resistances between neighbouring cores, each core coupled to a spreader/sink node,
/// the spreader coupled to ambient.
public struct ThermalSpec: Codable, Sendable, Hashable {
    /// Ambient (inlet air or coolant) temperature, °C.
    public var ambient: Double
    /// Heat capacity of one core node, J/K.
    public var coreCapacitance: Double
    /// Resistance core → spreader, K/W.
    public var coreToSpreaderResistance: Double
    /// Resistance between laterally adjacent cores, K/W.
    public var lateralResistance: Double
    /// Heat capacity of the die's spreader + heat sink, J/K.
    public var spreaderCapacitance: Double
    /// Resistance spreader → ambient, K/W.
    public var spreaderToAmbientResistance: Double
    /// Temperature at which hardware throttling starts, °C.
    public var throttleTemperature: Double
    /// Temperature the hardware never lets a core exceed (emergency shutdown level), °C.
    public var criticalTemperature: Double
    /// Floorplan: share of the die's power dissipated in each core (row-major over the core
    /// grid, non-negative, normalised on use). `nil` means every core gets an equal share.
    public var corePowerWeights: [Double]?
    /// Thermal parameters of one die; °C, J/K and K/W as documented on each property.
    public init(ambient: Double, coreCapacitance: Double, coreToSpreaderResistance: Double,
                lateralResistance: Double, spreaderCapacitance: Double, spreaderToAmbientResistance: Double,
                throttleTemperature: Double, criticalTemperature: Double, corePowerWeights: [Double]? = nil) {
        self.ambient = ambient
        self.coreCapacitance = coreCapacitance
        self.coreToSpreaderResistance = coreToSpreaderResistance
        self.lateralResistance = lateralResistance
        self.spreaderCapacitance = spreaderCapacitance
        self.spreaderToAmbientResistance = spreaderToAmbientResistance
        self.throttleTemperature = throttleTemperature
        self.criticalTemperature = criticalTemperature
        self.corePowerWeights = corePowerWeights
    }
}

/// Interconnect bandwidths, bytes/s (0 where the link does not exist).
public struct LinkSpec: Codable, Sendable, Hashable {
    /// Card ↔ host (PCIe), per direction.
    public var hostLink: Double
    /// Die ↔ die inside one package.
    public var dieToDie: Double
    /// Card ↔ card (NVLink, HCCS), per direction.
    public var cardToCard: Double
    /// Bandwidths in bytes/s per direction.
    public init(hostLink: Double, dieToDie: Double, cardToCard: Double) {
        self.hostLink = hostLink
        self.dieToDie = dieToDie
        self.cardToCard = cardToCard
    }
}

/// An accelerator card: its dies, cores, DVFS table, compute, memory, power, thermal and
/// link parameters, and the source of every number.
///
/// Loaded from presets (`DevicePresets`) or from a user's YAML/JSON file; every spec is
/// validated (`validate()`), and errors name the field and the rule.
public struct DeviceSpec: Codable, Sendable, Hashable {
    /// Identifier used on the command line and in scenario files, e.g. "ascend-910b".
    public var id: String
    /// Human-readable name.
    public var name: String
    /// Manufacturer.
    public var vendor: String
    /// Dies per package (1 for a monolithic chip).
    public var dies: Int
    /// Core layout of each die.
    public var coreGrid: CoreGrid
    /// DVFS levels in increasing frequency (at least 5).
    public var dvfs: [DVFSLevel]
    /// Peak compute of the whole device.
    public var compute: ComputeSpec
    /// HBM of the whole device.
    public var memory: MemorySpec
    /// Power-model parameters of the whole device.
    public var power: PowerSpec
    /// Thermal network of ONE die (every die of the package is alike).
    public var thermal: ThermalSpec
    /// Interconnects.
    public var links: LinkSpec
    /// Where each number comes from: dotted field path (e.g. "compute.peakFP16") → citation.
    /// A citation starting with "estimate:" marks a modelling estimate and says how it was made.
    public var sources: [String: String]

    /// A device description (not validated; call `validate()`).
    public init(id: String, name: String, vendor: String, dies: Int, coreGrid: CoreGrid, dvfs: [DVFSLevel],
                compute: ComputeSpec, memory: MemorySpec, power: PowerSpec, thermal: ThermalSpec,
                links: LinkSpec, sources: [String: String]) {
        self.id = id
        self.name = name
        self.vendor = vendor
        self.dies = dies
        self.coreGrid = coreGrid
        self.dvfs = dvfs
        self.compute = compute
        self.memory = memory
        self.power = power
        self.thermal = thermal
        self.links = links
        self.sources = sources
    }

    /// Cores on all dies.
    public var totalCores: Int { dies * coreGrid.count }
}

/// The host side of a node.
public struct HostSpec: Codable, Sendable, Hashable {
    /// CPU cores available to the inference server.
    public var cpuCores: Int
    /// Sustained CPU throughput for pre/post-processing, FLOP/s.
    public var cpuThroughput: Double
    /// Host DDR capacity, bytes.
    public var ddrCapacity: Double
    /// Host DDR bandwidth, bytes/s.
    public var ddrBandwidth: Double

    /// A host; throughput in FLOP/s, capacity in bytes, bandwidth in bytes/s.
    public init(cpuCores: Int, cpuThroughput: Double, ddrCapacity: Double, ddrBandwidth: Double) {
        self.cpuCores = cpuCores
        self.cpuThroughput = cpuThroughput
        self.ddrCapacity = ddrCapacity
        self.ddrBandwidth = ddrBandwidth
    }
}

/// A node: N identical cards plus the host.
public struct NodeSpec: Codable, Sendable, Hashable {
    /// The card type.
    public var device: DeviceSpec
    /// Number of identical cards.
    public var cards: Int
    /// The host.
    public var host: HostSpec

    /// A node of `cards` cards of `device` (not validated; call `validate()`).
    public init(device: DeviceSpec, cards: Int, host: HostSpec) {
        self.device = device
        self.cards = cards
        self.host = host
    }
}

/// Numeric precision of one layer's matrix math.
public enum NumericPrecision: String, Codable, Sendable, CaseIterable {
    case fp16 = "FP16"
    case int8 = "INT8"
}

/// A node-wide precision policy: which layers run in INT8.
public enum PrecisionProfile: String, Codable, Sendable, CaseIterable {
    /// Every layer FP16.
    case ultraHigh = "ULTRA_HIGH"
    /// Sensitive layers FP16 (attention output, embeddings, head), the rest INT8.
    case balanced = "BALANCED"
    /// Every layer that tolerates it INT8.
    case eco = "ECO"
}
