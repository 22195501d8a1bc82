import Foundation
import PackagePlugin

/// Embeds the portal's templates, scripts and stylesheet (`Portal/Resources` in the target) in the program at build
/// time, so a deployment stays one binary: SwiftPM resources would need a bundle beside it.
@main
struct PortalResourcesPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        let folder = target.directoryURL.appending(path: "Portal/Resources")
        let output = context.pluginWorkDirectoryURL.appending(path: "PortalResources.swift")
        // Every file is an input, so editing any of them (or adding one) re-runs the embedding.
        let inputs = (FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])?.allObjects as? [URL] ?? [])
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true }
        return [
            .buildCommand(
                displayName: "Embedding the portal's resources",
                executable: try context.tool(named: "PortalResourceEmbedder").url,
                arguments: [folder.path, output.path],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
