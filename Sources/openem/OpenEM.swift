import ArgumentParser
import OpenEMBench

@main
struct OpenEM: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openem",
        abstract: "OpenEM: open electronic monitoring.",
        subcommands: [
            Serve.self, Demo.self, Simulate.self, Users.self, Import.self, Audit.self, Retention.self, OpenAPICommand.self, Bench.self,
        ])
}
