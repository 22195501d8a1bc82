import ArgumentParser
import OpenEMServer

struct OpenAPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "openapi", abstract: "Print the server's OpenAPI 3.1 document.")

    func run() throws {
        print(OpenAPIDescription.json)
    }
}
