import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal stateless HTTP/1.1 pricing worker (`epof fleet worker`): `POST /v1/fleet/subproblem`
/// solves a ``SubproblemRequest`` and answers a ``SubproblemResponse`` (200) or a
/// ``SubproblemFailure`` (422); `GET /healthz` answers `ok`. One connection per request
/// (`Connection: close`), each on its own thread with its own solver, created and freed there.
///
/// It stands in for the route that `epof serve` (branch `serve`) will carry; it is deliberately
/// small: no TLS, no keep-alive, bodies up to 256 MiB. For tests, ``Faults`` makes it die after
/// a number of requests or answer late.
public final class FleetWorkerServer: @unchecked Sendable {
    // @unchecked: `served`, `listener` and `stopped` are guarded by `lock`.
    /// Injected faults (tests and demonstrations).
    public struct Faults: Sendable {
        /// Close the listening socket and drop every later connection after this many requests.
        public var dieAfter: Int?
        /// Sleep this long before answering each request, s.
        public var delay: Double
        public init(dieAfter: Int? = nil, delay: Double = 0) { self.dieAfter = dieAfter; self.delay = delay }
    }

    public let host: String
    /// The bound port (the kernel's choice when 0 was asked for).
    public private(set) var port: UInt16 = 0
    public let faults: Faults
    private let lock = NSLock()
    private var listener: Int32 = -1
    private var served = 0
    private var stopped = false

    /// Binds `host:port` (port 0: any free port). Throws a message when the socket cannot be bound.
    public init(host: String = "127.0.0.1", port: UInt16, faults: Faults = Faults()) throws {
        self.host = host
        self.faults = faults
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw WorkerServerError("socket() failed: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &addr.sin_addr) == 1 else { close(fd); throw WorkerServerError("'\(host)' is not an IPv4 address") }
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { close(fd); throw WorkerServerError("cannot bind \(host):\(port): errno \(errno)") }
        guard listen(fd, 64) == 0 else { close(fd); throw WorkerServerError("listen() failed: errno \(errno)") }
        var actual = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        self.port = UInt16(bigEndian: actual.sin_port)
        listener = fd
    }

    /// The base URL clients use.
    public var url: URL { URL(string: "http://\(host):\(port)")! }

    /// Accepts connections on a background thread until ``stop()``.
    public func start() {
        let t = Thread { [self] in acceptLoop() }
        t.name = "epof-fleet-worker-accept"
        t.start()
    }

    /// Serves on the calling thread until ``stop()`` (the `epof fleet worker` command).
    public func run() { acceptLoop() }

    /// Stops accepting; connections in progress finish.
    public func stop() {
        lock.lock()
        stopped = true
        let fd = listener
        listener = -1
        lock.unlock()
        if fd >= 0 { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }
    }

    deinit { stop() }

    private func acceptLoop() {
        while true {
            lock.lock(); let fd = listener; lock.unlock()
            guard fd >= 0 else { return }
            let c = accept(fd, nil, nil)
            if c < 0 {
                lock.lock(); let done = stopped; lock.unlock()
                if done { return }
                continue
            }
            let t = Thread { [self] in handle(c) }
            t.stackSize = 8 << 20
            t.start()
        }
    }

    private func handle(_ c: Int32) {
        defer { close(c) }
        guard let (method, path, body) = Self.readRequest(c) else { return }
        lock.lock()
        served += 1
        let n = served
        let dead = stopped
        lock.unlock()
        if dead { return }
        if let limit = faults.dieAfter, n > limit {
            stop()
            return  // the connection closes without an answer, as a killed process's would
        }
        if faults.delay > 0 { Thread.sleep(forTimeInterval: faults.delay) }
        switch (method, path) {
        case ("GET", "/healthz"):
            Self.write(c, status: "200 OK", type: "text/plain", body: Data("ok\n".utf8))
        case ("POST", "/v1/fleet/subproblem"):
            let (status, data) = Self.answer(body)
            Self.write(c, status: status, type: "application/json", body: data)
        default:
            Self.write(c, status: "404 Not Found", type: "text/plain", body: Data("no route \(method) \(path)\n".utf8))
        }
    }

    /// The status line and JSON body for a subproblem request body (the route's logic, shared
    /// with any other HTTP front end such as `epof serve`).
    public static func answer(_ body: Data) -> (status: String, body: Data) {
        guard let request = try? FleetJSON.decoder().decode(SubproblemRequest.self, from: body) else {
            return ("400 Bad Request", Data(#"{"error":"the body is not a subproblem request"}"#.utf8))
        }
        let encoder = FleetJSON.encoder()
        do {
            let r = try SubproblemSolver().solve(request)
            return ("200 OK", (try? encoder.encode(r)) ?? Data())
        } catch {
            return ("422 Unprocessable Entity", (try? encoder.encode(SubproblemFailure(error))) ?? Data())
        }
    }

    static func readRequest(_ c: Int32) -> (String, String, Data)? {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let separator = Data("\r\n\r\n".utf8)
        var headerEnd: Range<Data.Index>?
        while headerEnd == nil {
            let n = recv(c, &chunk, chunk.count, 0)
            guard n > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<n])
            headerEnd = buffer.range(of: separator)
            if buffer.count > 1 << 20 && headerEnd == nil { return nil }
        }
        let head = String(decoding: buffer[..<headerEnd!.lowerBound], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count >= 2 else { return nil }
        var length = 0
        for l in lines.dropFirst() {
            let kv = l.split(separator: ":", maxSplits: 1)
            if kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" {
                length = Int(kv[1].trimmingCharacters(in: .whitespaces)) ?? 0
            }
        }
        guard length >= 0 && length <= 256 << 20 else { return nil }
        var body = Data(buffer[headerEnd!.upperBound...])
        while body.count < length {
            let n = recv(c, &chunk, min(chunk.count, length - body.count), 0)
            guard n > 0 else { return nil }
            body.append(contentsOf: chunk[0..<n])
        }
        return (String(parts[0]), String(parts[1]), body)
    }

    static func write(_ c: Int32, status: String, type: String, body: Data) {
        var out = Data("HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8)
        out.append(body)
        out.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let n = send(c, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if n <= 0 { return }
                sent += n
            }
        }
    }
}

/// A worker server that cannot start.
public struct WorkerServerError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ d: String) { description = d }
}
