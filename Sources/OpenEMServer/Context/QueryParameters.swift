import Hummingbird

extension Request {
    /// Refuses a query parameter the endpoint does not read, so a misspelt filter is a 400, never silently ignored.
    func rejectUnknownQueryParameters(allowed: Set<String>) throws {
        let unknown = Set(uri.queryParameters.map { String($0.key) }).subtracting(allowed).sorted()
        guard unknown.isEmpty else {
            let expected = allowed.isEmpty ? "none" : allowed.sorted().joined(separator: ", ")
            throw APIError.badRequest(
                "UNKNOWN_PARAMETER", "unknown query parameter \(unknown.joined(separator: ", ")); this endpoint takes \(expected)")
        }
    }
}
