/// One thing wrong with a request, named so a client can show it next to the field.
public struct ValidationProblem: Error, Sendable, Hashable {
    public var field: String
    public var code: String
    public var message: String

    public init(_ field: String, _ code: String, _ message: String) {
        self.field = field
        self.code = code
        self.message = message
    }
}

/// Several problems found at once.
public struct ValidationFailure: Error, Sendable, Hashable {
    public var problems: [ValidationProblem]
    public init(_ problems: [ValidationProblem]) { self.problems = problems }
}
