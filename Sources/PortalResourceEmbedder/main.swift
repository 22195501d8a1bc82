import Foundation

// Writes the files of a folder into one Swift source file as `enum PortalResources { static let files }`, keyed
// by their path inside the folder. Used by PortalResourcesPlugin at build time; it has no dependencies so that it
// builds in seconds.

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: PortalResourceEmbedder <folder> <output.swift>\n".utf8))
    exit(2)
}
let folder = URL(fileURLWithPath: arguments[1], isDirectory: true).standardizedFileURL
let output = URL(fileURLWithPath: arguments[2])

/// A raw string literal holding `text` exactly: its delimiter has one `#` more than the longest run in the text,
/// so nothing inside can close it or start an escape.
func literal(_ text: String) -> String {
    var longest = 0, run = 0
    for c in text {
        run = c == "#" ? run + 1 : 0
        longest = max(longest, run)
    }
    let hashes = String(repeating: "#", count: longest + 1)
    return "\(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)"
}

let files = (FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])?.allObjects as? [URL] ?? [])
    .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true && !$0.lastPathComponent.hasPrefix(".") }
    .map { $0.standardizedFileURL }
    .sorted { $0.path < $1.path }
var swift = "// Generated at build time by PortalResourceEmbedder from Portal/Resources: edit those files, not this one.\n\n"
swift += "enum PortalResources {\n    static let files: [String: String] = [\n"
for file in files {
    guard let text = try? String(contentsOf: file, encoding: .utf8) else {
        FileHandle.standardError.write(Data("error: \(file.path) is not UTF-8 text\n".utf8))
        exit(1)
    }
    let name = String(file.path.dropFirst(folder.path.count + 1))
    swift += "\"\(name)\": \(literal(text)),\n"
}
swift += "    ]\n}\n"
do {
    try swift.write(to: output, atomically: true, encoding: .utf8)
} catch {
    FileHandle.standardError.write(Data("error: cannot write \(output.path): \(error)\n".utf8))
    exit(1)
}
