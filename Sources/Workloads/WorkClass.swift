/// The three kinds of work a node serves (DESIGN.md §3). Shared by the planner, which decides
/// how much of each to serve, and the simulator, which queues and serves them.
public enum WorkClass: Int, Codable, Sendable, CaseIterable, CustomStringConvertible {
    /// Served in the epoch it arrives, on points meeting the latency SLO.
    case interactive = 0
    /// A backlog with a deadline; may wait for low-carbon epochs.
    case deferrable = 1
    /// Best effort: any amount, counts toward throughput.
    case elastic = 2

    /// The number of classes (the size of every per-class array).
    public static let count = 3

    /// Lower-case name, as in scenario files and telemetry.
    public var description: String {
        switch self {
        case .interactive: "interactive"
        case .deferrable: "deferrable"
        case .elastic: "elastic"
        }
    }
}
