import Foundation

/// Runs a short-lived tool (pg_dump, a Python check) to its end and returns its exit status and output;
/// `ChildProcess` is for long-lived servers the tests talk to.
func runToCompletion(_ executable: String, _ arguments: [String], includeErrors: Bool = true) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = includeErrors ? output : FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
