import App
import ArgumentParser
import Foundation
import Tools

/// `receptionist loadtest`: simulated phone calls against a running server; prints a table and writes JSON.
struct LoadTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loadtest",
        abstract: "Play concurrent simulated calls (signed like Retell) against a running server and report latency per function.",
        discussion: """
            Creates --businesses restaurants through the admin API (PLATFORM_ADMIN_KEY), then runs --callers concurrent \
            callers, each placing calls: inbound webhook, check_availability, create_booking, find_booking, sometimes \
            modify or cancel, call_ended, call_analyzed. Signs with the first of RETELL_API_KEYS. scripts/loadtest runs \
            it against a fresh release server beside pgbench.
            """)

    @Option(help: "The server.") var url = "http://127.0.0.1:8080"
    @Option(help: "Concurrent callers.") var callers = 32
    @Option(help: "Calls each caller places (ignored with --duration).") var calls = 20
    @Option(help: "Seconds to keep calling, instead of a number of calls.") var duration: Double?
    @Option(help: "Load businesses to spread the calls over.") var businesses = 8
    @Option(help: "Percent of booked calls that then move the booking.") var modify = 20
    @Option(help: "Percent of booked calls that then cancel it.") var cancel = 10
    @Option(help: "Write the report as JSON here.") var json: String?
    @Option(help: "Write '<business id> <code>' for every booking answered ok here.") var record: String?
    @Option(help: "The server's pid, to report its peak resident memory.") var serverPid: Int32?
    @Option(help: "Milliseconds between the steps of a call (the agent talking), randomised ±50 %; 0 = back to back.") var thinkMs = 0
    @Option(help: "Write every answer as '<unix ms> <function> <code> <latency ms>' here.") var timeline: String?
    @Option(help: "calls (whole calls), create (create_booking only) or check (check_availability only).") var mode = "calls"
    @Option(help: "Call these existing businesses (comma-separated ids; `id=phone` for --presign) instead of creating load businesses.")
    var businessIds: String?
    @Option(help: "Write signed calls for wrk instead of calling: check-free, check-full, create, find, modify or cancel (with --out and --count).")
    var presign: String?
    @Option(help: "With --presign: the file to write.") var out: String?
    @Option(help: "With --presign: how many calls.") var count = 20_000
    @Option(help: "With --presign find, modify or cancel: the bookings to name, lines '<business id> <code>'.")
    var codes: String?
    @Flag(help: "Only create the load businesses and print '<id>=<phone>' for each.") var setupOnly = false

    func run() async throws {
        let config = await Bootstrap.config()
        if let presign {
            guard let kind = PresignedRequests.Kind(rawValue: presign), let out else {
                throw ValidationError("--presign must be \(PresignedRequests.Kind.allCases.map(\.rawValue).joined(separator: ", ")), with --out")
            }
            let businesses = (businessIds ?? "").split(separator: ",").map {
                let pair = $0.split(separator: "=", maxSplits: 1)
                return PresignedRequests.Business(id: String(pair[0]), phone: pair.count > 1 ? String(pair[1]) : "+15550000000")
            }
            guard !businesses.isEmpty else { throw ValidationError("--presign needs --business-ids id=phone,…") }
            let named = try codes.map { try String(contentsOfFile: $0, encoding: .utf8) }?.split(separator: "\n").compactMap { line in
                let parts = line.split(separator: " ")
                return parts.count == 2 ? PresignedRequests.Code(businessID: String(parts[0]), code: String(parts[1])) : nil
            }
            let lines = try PresignedRequests(
                kind: kind, businesses: businesses, count: count, retellKey: config.retellAPIKeys[0], codes: named ?? []
            ).lines()
            try (lines.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
            return
        }
        var options = LoadTest.Options(adminKey: config.platformAdminKey, retellKey: config.retellAPIKeys[0])
        options.baseURL = url
        options.callers = callers
        options.callsPerCaller = calls
        options.duration = duration
        options.businesses = businesses
        options.modifyPercent = modify
        options.cancelPercent = cancel
        options.serverPID = serverPid
        options.recordPath = record
        options.timelinePath = timeline
        options.thinkMilliseconds = max(0, thinkMs)
        guard let parsedMode = LoadTest.Options.Mode(rawValue: mode) else { throw ValidationError("--mode must be calls, create or check") }
        options.mode = parsedMode
        options.businessIDs = businessIds?.split(separator: ",").map { String($0) } ?? []
        if setupOnly {
            for business in try await LoadTest(options: options).setUpOnly() { print("\(business.id)=\(business.phone)") }
            return
        }
        let report = try await LoadTest(options: options).run()
        print(report.table)
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            try encoder.encode(report).write(to: URL(fileURLWithPath: json))
        }
    }
}
