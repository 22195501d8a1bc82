import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal blocking HTTP/1.1 client with keep-alive over one socket, for benchmarks on loopback: it adds
/// nothing of its own to what is measured (no event loop, no JSON), and needs no extra package.
final class LoopbackHTTP {
    private var fd: Int32 = -1
    private let host: String
    private let port: UInt16
    private var buffer = [UInt8](repeating: 0, count: 65536)

    init(host: String = "127.0.0.1", port: Int) {
        self.host = host
        self.port = UInt16(port)
    }

    deinit { if fd >= 0 { close(fd) } }

    private func connect() throws { fd = try Self.open(host: host, port: port) }

    /// A TCP connection to `host:port` with Nagle's delay off (small requests are what is timed).
    static func open(host: String, port: UInt16) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket() failed") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &addr.sin_addr)
        let r = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard r == 0 else {
            close(fd)
            throw BenchError("cannot connect to \(host):\(port)")
        }
        return fd
    }

    /// Sends all of `bytes` on `fd`.
    static func send(_ bytes: [UInt8], on fd: Int32) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + sent, bytes.count - sent) }
            guard n > 0 else { throw BenchError("write failed") }
            sent += n
        }
    }

    /// The request line and headers of a GET for a stream of Server-Sent Events.
    static func streamRequest(_ path: String, host: String, headers: [String: String]) -> [UInt8] {
        var head = "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nAccept: text/event-stream\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        return Array((head + "\r\n").utf8)
    }

    /// Sends one request and returns (status, body).
    func request(_ method: String, _ path: String, headers: [String: String] = [:], body: [UInt8] = []) throws -> (Int, [UInt8]) {
        if fd < 0 { try connect() }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nContent-Length: \(body.count)\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        head += "\r\n"
        try Self.send(Array(head.utf8) + body, on: fd)
        var received: [UInt8] = []
        var headerEnd: Int?
        var contentLength = 0
        while true {
            let n = read(fd, &buffer, buffer.count)
            guard n > 0 else { throw BenchError("connection closed") }
            received += buffer[0..<n]
            if headerEnd == nil, let end = Self.find(received, [13, 10, 13, 10]) {
                headerEnd = end + 4
                let text = String(decoding: received[0..<end], as: UTF8.self).lowercased()
                for line in text.split(separator: "\r\n") where line.hasPrefix("content-length:") {
                    contentLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let h = headerEnd, received.count >= h + contentLength {
                let statusLine = String(decoding: received[0..<min(received.count, 12)], as: UTF8.self)
                let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0
                return (status, Array(received[h..<(h + contentLength)]))
            }
        }
    }

    static func find(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}

extension LoopbackHTTP {
    /// Runs each job on a dedicated thread and returns their results in the jobs' order (the first error is rethrown).
    static func runOnThreads<T: Sendable>(_ jobs: [@Sendable () throws -> T]) async throws -> [T] {
        try await withThrowingTaskGroup(of: (Int, T).self) { group in
            for (i, job) in jobs.enumerated() {
                group.addTask {
                    try await withCheckedThrowingContinuation { (c: CheckedContinuation<(Int, T), any Error>) in
                        let thread = Thread { c.resume(with: Result { (i, try job()) }) }
                        thread.start()
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
