import Foundation

/// Runs a short-lived tool (pg_dump, a Python check) to its end and returns its exit status, its output and, apart,
/// its errors (so a tool that fails says why in the test's message); `ChildProcess` is for long-lived servers.
func runToCompletion(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    // Errors go to a file: reading two pipes one after the other could stall a tool that fills the second.
    let errorsFile = FileManager.default.temporaryDirectory.appendingPathComponent("tool-errors-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: errorsFile.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: errorsFile) }
    let errors = try FileHandle(forWritingTo: errorsFile)
    defer { try? errors.close() }
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let errorText = (try? String(contentsOf: errorsFile, encoding: .utf8)) ?? ""
    return (process.terminationStatus, String(decoding: data, as: UTF8.self), errorText)
}
