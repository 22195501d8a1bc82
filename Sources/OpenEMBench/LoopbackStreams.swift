import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Many streams of Server-Sent Events over loopback, read on one thread with poll(2): 500 open streams cost the
/// benchmark one thread, not 500. Lines are handed over with the index of their stream (chunk-size lines of the
/// chunked encoding too; callers match on the SSE fields they want).
final class LoopbackStreams {
    private let fds: [Int32]

    init(count: Int, port: Int, path: String, headers: [String: String]) throws {
        Self.allowOpenFiles(2 * count + 256)  // both ends of each stream are in this process
        var fds: [Int32] = []
        do {
            for _ in 0..<count {
                let fd = try LoopbackHTTP.open(host: "127.0.0.1", port: UInt16(port))
                fds.append(fd)
                try LoopbackHTTP.send(LoopbackHTTP.streamRequest(path, host: "127.0.0.1", headers: headers), on: fd)
            }
        } catch {
            for fd in fds { close(fd) }
            throw error
        }
        self.fds = fds
    }

    deinit { for fd in fds { close(fd) } }

    /// Raises this process's limit on open files to `n` if it is lower and the hard limit allows.
    static func allowOpenFiles(_ n: Int) {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(n) else { return }
        limit.rlim_cur = min(limit.rlim_max, rlim_t(n))
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    /// Reads until `keepGoing` (asked at least every 100 ms) says stop or every stream is closed; returns how many
    /// streams the server closed.
    func read(keepGoing: () -> Bool, onLine: (Int, String) -> Void) -> Int {
        var polls = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        var pending = Array(repeating: [UInt8](), count: fds.count)
        var buffer = [UInt8](repeating: 0, count: 65536)
        var closed = 0
        while closed < fds.count && keepGoing() {
            guard poll(&polls, nfds_t(polls.count), 100) > 0 else { continue }
            for i in polls.indices where polls[i].fd >= 0 && polls[i].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { recv(polls[i].fd, $0.baseAddress, $0.count, 0) }
                guard n > 0 else {
                    polls[i].fd = -1  // poll(2) skips negative descriptors; the socket is closed on deinit
                    closed += 1
                    continue
                }
                pending[i] += buffer[0..<n]
                var start = 0
                while let nl = pending[i][start...].firstIndex(of: 10) {
                    let end = nl > start && pending[i][nl - 1] == 13 ? nl - 1 : nl
                    onLine(i, String(decoding: pending[i][start..<end], as: UTF8.self))
                    start = nl + 1
                }
                pending[i].removeFirst(start)
            }
        }
        return closed
    }
}
