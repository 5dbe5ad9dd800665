import AsyncHTTPClient
import Crypto
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Two-way sync on the fake Google, after google-calendar-push.md: a change log behind events.list (full listings and
/// incremental ones from a sync token, paged on a snapshot, 410 once tokens are invalidated), events.watch and
/// channels.stop, push notifications posted to the channels' addresses as APIs-Google does, and the owner's own edits.
extension FakeGoogle {
    /// One notification channel (events.watch); stopped and expired ones stay in the state, flagged, for forged notices.
    struct Channel: Sendable {
        var id: String
        var resourceID: String
        var resourceURI: String
        var calendar: String
        var address: String
        var token: String?
        var expiration: Date
        var messageNumber: Int
        var stopped = false

        func live(at now: Date) -> Bool { !stopped && expiration > now }
    }

    /// What a nextSyncToken stands for: its listing's position in the change log, under the tokens' generation then.
    struct SyncPoint: Sendable {
        var calendar: String
        var seq: Int
        var generation: Int
    }

    /// One notification to post, built under the lock so message numbers keep increasing per channel.
    struct Notice: Sendable {
        var address: String
        var channelID: String
        var resourceID: String
        var resourceURI: String
        var token: String?
        var expiration: Date
        var state: String
        var number: Int

        init(_ channel: Channel, state: String, number: Int) {
            address = channel.address
            channelID = channel.id
            resourceID = channel.resourceID
            resourceURI = channel.resourceURI
            token = channel.token
            expiration = channel.expiration
            self.state = state
            self.number = number
        }
    }

    /// One notification posted and what the receiver answered (0: unreachable).
    typealias Delivery = (channelID: String, state: String, status: Int)

    /// What one events.list request comes to, worked out under the lock (Sendable: the JSON is decoded outside).
    enum Listing: Sendable {
        case gone, badPageToken
        case page(items: [Data], nextPageToken: String?, nextSyncToken: String?)
    }

    // MARK: What tests read and steer

    /// The live channels: neither stopped nor expired.
    var channels: [Channel] {
        let now = Date()
        return state.withLock { $0.channels.filter { $0.live(at: now) } }
    }
    var listCalls: Int { state.withLock { $0.listCalls } }
    /// The most events.list requests ever answered at once for one calendar (1 proves one sync at a time per calendar).
    var maxConcurrentLists: Int { state.withLock { $0.maxConcurrentLists } }
    var deliveries: [Delivery] { state.withLock { $0.deliveries } }
    var stoppedChannels: [String] { state.withLock { $0.stoppedChannels } }
    /// Whether event changes notify the channels by themselves (off: only `notify` sends, as if Google dropped them).
    var autoNotify: Bool {
        get { state.withLock { $0.autoNotify } }
        set { state.withLock { $0.autoNotify = newValue } }
    }

    /// Every sync token issued so far answers 410 (token expiry, ACL changes): the client must sync in full again.
    func invalidateSyncTokens() { state.withLock { $0.tokenGeneration += 1 } }

    /// The channel lapses (its expiration passes): it stops delivering, as Google's do without a renewal.
    func expireChannel(id: String) {
        state.withLock { s in
            for i in s.channels.indices where s.channels[i].id == id { s.channels[i].expiration = Date(timeIntervalSinceNow: -1) }
        }
    }

    /// Polls every 20 ms until `count` notifications were posted (answered or not) or the timeout passes.
    func waitForDeliveries(_ count: Int, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            if state.withLock({ $0.deliveries.count }) >= count { return true }
            if ContinuousClock.now >= deadline || Task.isCancelled { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Posts `count` notifications of a channel one after the other, optionally with a forged token ("" sends none) or
    /// resource id; an unknown channel id goes to the latest channel's address, as a stranger's forgery would. The statuses.
    func notify(channelID: String, token: String? = nil, resourceID: String? = nil, state: String = "exists", count: Int = 1) async -> [Int] {
        var statuses: [Int] = []
        for _ in 0 ..< max(count, 0) {
            guard let notice = onDemand(channelID, token: token, resourceID: resourceID, resourceState: state) else { break }
            statuses.append(await deliver(notice))
        }
        return statuses
    }

    /// A storm: `count` `exists` notifications of a channel posted at once; the statuses in the order they came back.
    func notifyConcurrently(channelID: String, count: Int) async -> [Int] {
        let notices = (0 ..< max(count, 0)).compactMap { _ in onDemand(channelID, token: nil, resourceID: nil, resourceState: "exists") }
        return await withTaskGroup(of: Int.self) { group in
            for notice in notices { group.addTask { await self.deliver(notice) } }
            var statuses: [Int] = []
            for await status in group { statuses.append(status) }
            return statuses
        }
    }

    // MARK: The owner's own edits in Google's UI

    /// The owner deletes the event: cancelled on their calendar with its details kept; the channels are told.
    func ownerDelete(calendar: String = "primary", id: String) {
        ownerEdit(calendar, id) { object in
            guard var object else { return nil }
            object["status"] = "cancelled"
            return object
        }
    }

    /// The owner drags the event to another time (UTC `dateTime`s; the event's `timeZone` stays); the channels are told.
    func ownerMove(calendar: String = "primary", id: String, start: Date, end: Date) {
        ownerEdit(calendar, id) { object in
            guard var object else { return nil }
            for (name, date) in [("start", start), ("end", end)] {
                var time: [String: Any] = ["dateTime": Self.rfc3339(date)]
                if let zone = (object[name] as? [String: Any])?["timeZone"] { time["timeZone"] = zone }
                object[name] = time
            }
            return object
        }
    }

    /// The owner adds an event of their own: no extendedProperties, opaque (busy); the channels are told.
    func ownerAdd(calendar: String = "primary", id: String, start: Date, end: Date, summary: String = "Dentist") {
        ownerEdit(calendar, id) { _ in
            [
                "id": id, "status": "confirmed", "summary": summary, "start": ["dateTime": Self.rfc3339(start)],
                "end": ["dateTime": Self.rfc3339(end)],
            ]
        }
    }

    /// One owner-side change: `edit` gets the current object (nil if none) and gives the next (nil: no change).
    func ownerEdit(_ calendar: String, _ id: String, _ edit: ([String: Any]?) -> [String: Any]?) {
        let key = "\(calendar)/\(id)"
        let notices = state.withLock { s -> [Notice] in
            guard let object = edit(s.events[key].map { Self.jsonObject($0.raw) }) else { return [] }
            _ = s.commit(key, object)
            return s.notices(for: calendar)
        }
        send(notices)
    }

    // MARK: events.list

    /// events.list: every event of the calendar, or what changed since a sync token, paged on a snapshot of the change
    /// log (a later change leaves the listing and comes with the next sync) and ordered by change.
    func list(_ request: Request, calendar: String) async throws -> Response {
        let line = "\(request.method) \(request.uri)"
        state.withLock { s in
            s.requests.append(line)
            s.listCalls += 1
            s.listsInFlight[calendar, default: 0] += 1
            s.maxConcurrentLists = max(s.maxConcurrentLists, s.listsInFlight[calendar] ?? 0)
        }
        defer { state.withLock { $0.listsInFlight[calendar, default: 1] -= 1 } }
        if let scripted = try await scripted(.list) { return scripted }
        guard authorized(request) else { return Self.failure(401, "authError", "Invalid Credentials") }
        let query = request.uri.queryParameters
        let syncToken = query.get("syncToken"), pageToken = query.get("pageToken")
        if syncToken != nil {
            let forbidden = ["timeMin", "timeMax", "updatedMin", "q", "orderBy", "iCalUID", "privateExtendedProperty", "sharedExtendedProperty"]
            if let name = forbidden.first(where: { query.get($0) != nil }) {
                return Self.failure(400, "invalid", "Invalid parameter: \(name) cannot be combined with syncToken.")
            }
        }
        var pageSize = 250
        if let text = query.get("maxResults") {
            guard let n = Int(text), n > 0 else { return Self.failure(400, "invalid", "Invalid value for maxResults: \(text)") }
            pageSize = min(n, 2500)
        }
        let showDeleted = query.get("showDeleted") == "true"
        let timeMin = query.get("timeMin"), timeMax = query.get("timeMax")
        let lower = timeMin.flatMap(Self.parseDate), upper = timeMax.flatMap(Self.parseDate)
        guard (timeMin == nil) == (lower == nil), (timeMax == nil) == (upper == nil) else {
            return Self.failure(400, "invalid", "Bad Request")
        }
        let listing = state.withLock { s -> Listing in
            var from = 0
            if let syncToken {
                guard let point = s.syncPoints[syncToken], point.calendar == calendar, point.generation == s.tokenGeneration else { return .gone }
                from = point.seq
            }
            var snapshot = s.changeSeq, after = from
            if let pageToken {
                guard let page = Self.decodePageToken(pageToken), page.calendar == calendar, page.after >= from, page.snapshot <= s.changeSeq
                else { return .badPageToken }
                (snapshot, after) = (page.snapshot, page.after)
            }
            let prefix = calendar + "/"
            let matching = s.events.filter { key, event in
                key.hasPrefix(prefix) && event.seq > after && event.seq <= snapshot
                    && (syncToken != nil || ((showDeleted || event.status != "cancelled") && Self.overlaps(event.raw, lower, upper)))
            }.values.sorted { $0.seq < $1.seq }
            let page = Array(matching.prefix(pageSize))
            if matching.count > pageSize, let last = page.last {
                let next = Self.pageToken(calendar: calendar, snapshot: snapshot, after: last.seq)
                return .page(items: page.map(\.raw), nextPageToken: next, nextSyncToken: nil)
            }
            s.tokenCounter += 1
            let token = Base64URL.encode(Array("sync|\(snapshot)|\(s.tokenGeneration)|\(s.tokenCounter)|\(calendar)".utf8))
            s.syncPoints[token] = SyncPoint(calendar: calendar, seq: snapshot, generation: s.tokenGeneration)
            return .page(items: page.map(\.raw), nextPageToken: nil, nextSyncToken: token)
        }
        switch listing {
        case .gone:
            return Self.failure(410, "fullSyncRequired", "Sync token is no longer valid, a full sync is required.")
        case .badPageToken:
            return Self.failure(400, "invalid", "Invalid page token value.")
        case .page(let items, let nextPageToken, let nextSyncToken):
            // Without showDeleted=true an incremental sync leaves out the details of cancelled events (only id and status).
            let details = syncToken == nil || showDeleted
            let objects = items.map(Self.jsonObject).map { object -> [String: Any] in
                guard !details, object["status"] as? String == "cancelled" else { return object }
                return object.filter { ["kind", "etag", "id", "status", "updated"].contains($0.key) }
            }
            var body: [String: Any] = ["kind": "calendar#events", "summary": calendar, "accessRole": "owner", "items": objects]
            if let nextPageToken { body["nextPageToken"] = nextPageToken }
            if let nextSyncToken { body["nextSyncToken"] = nextSyncToken }
            return Self.json(200, body)
        }
    }

    /// Opaque to clients; carries the listing's snapshot, the last change returned and the calendar.
    static func pageToken(calendar: String, snapshot: Int, after: Int) -> String {
        Base64URL.encode(Array("page|\(snapshot)|\(after)|\(calendar)".utf8))
    }

    static func decodePageToken(_ token: String) -> (calendar: String, snapshot: Int, after: Int)? {
        guard let bytes = Base64URL.decode(token) else { return nil }
        let parts = String(decoding: bytes, as: UTF8.self).split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "page", let snapshot = Int(parts[1]), let after = Int(parts[2]) else { return nil }
        return (String(parts[3]), snapshot, after)
    }

    /// Google's window: an event is listed if it ends after timeMin and starts before timeMax (all-day dates at 00:00 UTC).
    static func overlaps(_ raw: Data, _ lower: Date?, _ upper: Date?) -> Bool {
        let object = jsonObject(raw)
        func time(_ name: String) -> Date? {
            guard let value = object[name] as? [String: Any] else { return nil }
            if let dateTime = value["dateTime"] as? String { return parseDate(dateTime) }
            return (value["date"] as? String).flatMap { parseDate($0 + "T00:00:00Z") }
        }
        if let lower, let end = time("end"), end <= lower { return false }
        if let upper, let start = time("start"), start >= upper { return false }
        return true
    }

    // MARK: events.watch and channels.stop

    /// events.watch: checks the body as Google does, stores the channel and posts its `sync` notification in the background
    /// (it may arrive before this answer, as Google's can).
    func watch(_ request: Request, calendar: String) async throws -> Response {
        let data = Data(buffer: try await request.body.collect(upTo: 1 << 16))
        if let scripted = try await scripted(.watch) { return scripted }
        guard authorized(request) else { return Self.failure(401, "authError", "Invalid Credentials") }
        let body = Self.jsonObject(data)
        guard let id = body["id"] as? String, !id.isEmpty else { return Self.failure(400, "required", "Required parameter: id") }
        let idCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_+/="))
        guard id.count <= 64, id.unicodeScalars.allSatisfy({ $0.isASCII && idCharacters.contains($0) }) else {
            return Self.failure(400, "invalid", "Channel id must match [A-Za-z0-9\\-_\\+/=]+ and be at most 64 characters.")
        }
        guard let type = body["type"] as? String, !type.isEmpty else { return Self.failure(400, "required", "Required parameter: type") }
        guard type == "web_hook" || type == "webhook" else { return Self.failure(400, "invalid", "Invalid channel type: \(type)") }
        guard let address = body["address"] as? String, !address.isEmpty else {
            return Self.failure(400, "required", "Required parameter: address")
        }
        guard let url = URL(string: address), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(),
            scheme == "https" || (scheme == "http" && ["127.0.0.1", "localhost"].contains(host))
        else { return Self.failure(400, "invalid", "WebHook callback must be HTTPS: \(address)") }
        let token = body["token"] as? String
        if let given = body["token"], !(given is NSNull), (token?.count ?? .max) > 256 {
            return Self.failure(400, "invalid", "Channel token must be a string of at most 256 characters.")
        }
        var lifetime: TimeInterval = 604_800
        if let ttl = (body["params"] as? [String: Any])?["ttl"] {
            guard let seconds = (ttl as? String).flatMap({ Int($0) }) ?? (ttl as? NSNumber)?.intValue, seconds > 0 else {
                return Self.failure(400, "invalid", "Invalid value for params.ttl")
            }
            lifetime = TimeInterval(seconds)
        }
        var expiration = Date(timeIntervalSinceNow: lifetime)
        if let wanted = body["expiration"] {
            guard let ms = (wanted as? String).flatMap({ Int64($0) }) ?? (wanted as? NSNumber)?.int64Value else {
                return Self.failure(400, "invalid", "Invalid value for expiration")
            }
            expiration = min(expiration, Date(timeIntervalSince1970: TimeInterval(ms) / 1000))
        }
        let channel = Channel(
            id: id, resourceID: Self.resourceID(calendar),
            resourceURI: "\(baseURL)/calendar/v3/calendars/\(Self.escaped(calendar))/events?alt=json", calendar: calendar,
            address: address, token: token, expiration: expiration, messageNumber: 1)
        let added = state.withLock { s -> Bool in
            guard !s.channels.contains(where: { $0.id == id && !$0.stopped }) else { return false }
            s.channels.append(channel)
            return true
        }
        guard added else { return Self.failure(400, "channelIdNotUnique", "Channel id \(id) not unique") }
        let sync = Notice(channel, state: "sync", number: 1)
        Task.detached { _ = await self.deliver(sync) }
        var answer: [String: Any] = [
            "kind": "api#channel", "id": id, "resourceId": channel.resourceID, "resourceUri": channel.resourceURI,
            "expiration": String(Int64((expiration.timeIntervalSince1970 * 1000).rounded())),
        ]
        if let token { answer["token"] = token }
        return Self.json(200, answer)
    }

    /// channels.stop: 204, again for a channel already stopped; 404 for an id never seen or another resource id.
    func stop(_ request: Request) async throws -> Response {
        let data = Data(buffer: try await request.body.collect(upTo: 1 << 16))
        if let scripted = try await scripted(.stop) { return scripted }
        guard authorized(request) else { return Self.failure(401, "authError", "Invalid Credentials") }
        let body = Self.jsonObject(data)
        guard let id = body["id"] as? String, let resourceID = body["resourceId"] as? String else {
            return Self.failure(400, "required", "Required parameters: id, resourceId")
        }
        let stopped = state.withLock { s -> Bool in
            guard let i = s.channels.lastIndex(where: { $0.id == id && $0.resourceID == resourceID }) else { return false }
            s.channels[i].stopped = true
            s.stoppedChannels.append(id)
            return true
        }
        return stopped ? Response(status: .noContent) : Self.failure(404, "notFound", "Channel '\(id)' not found for project '1234'")
    }

    /// A stable resource id per calendar, as Google's is for a calendar's events.
    static func resourceID(_ calendar: String) -> String {
        let hex = SHA256.hash(data: Data(calendar.utf8)).map { String(format: "%02x", $0) }.joined()
        return "res-" + String(hex.prefix(16))
    }

    // MARK: Notifications

    /// Posts the notices of one change in the background: the API answer that caused them does not wait.
    func send(_ notices: [Notice]) {
        guard !notices.isEmpty else { return }
        Task { for notice in notices { _ = await self.deliver(notice) } }
    }

    /// Posts one notification as APIs-Google does (no body, X-Goog-* headers) and records the answer (0: unreachable).
    func deliver(_ notice: Notice) async -> Int {
        var request = HTTPClientRequest(url: notice.address)
        request.method = .POST
        request.headers.add(name: "User-Agent", value: "APIs-Google (+https://developers.google.com/webmasters/APIs-Google.html)")
        request.headers.add(name: "X-Goog-Channel-ID", value: notice.channelID)
        request.headers.add(name: "X-Goog-Channel-Expiration", value: Self.rfc1123(notice.expiration))
        if let token = notice.token { request.headers.add(name: "X-Goog-Channel-Token", value: token) }
        request.headers.add(name: "X-Goog-Message-Number", value: String(notice.number))
        request.headers.add(name: "X-Goog-Resource-ID", value: notice.resourceID)
        request.headers.add(name: "X-Goog-Resource-State", value: notice.state)
        request.headers.add(name: "X-Goog-Resource-URI", value: notice.resourceURI)
        // As APIs-Google does: a temporary failure (no answer, 500, 502, 503, 504) is delivered again after a back-off
        // (Google keeps trying for days; three attempts here). Every attempt is recorded; the last status returned.
        var status = 0
        for attempt in 0 ..< 3 {
            if attempt > 0 { try? await Task.sleep(for: .milliseconds(100 << attempt)) }
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                _ = try? await response.body.collect(upTo: 1 << 20)
                status = Int(response.status.code)
            } catch {
                status = 0
                FileHandle.standardError.write(Data("fake Google: notification to \(notice.address) not delivered: \(error)\n".utf8))
            }
            state.withLock { $0.deliveries.append((channelID: notice.channelID, state: notice.state, status: status)) }
            guard status == 0 || [500, 502, 503, 504].contains(status) else { break }
        }
        return status
    }

    /// The next notice of a channel on demand, forged where asked (see `notify`); nil when no channel was ever opened.
    func onDemand(_ channelID: String, token: String?, resourceID: String?, resourceState: String) -> Notice? {
        state.withLock { s -> Notice? in
            var notice: Notice
            if let i = s.channels.lastIndex(where: { $0.id == channelID }) {
                notice = s.nextNotice(i, state: resourceState)
            } else {
                guard let latest = s.channels.last else { return nil }
                notice = Notice(latest, state: resourceState, number: Int.random(in: 1 ... 1000))
                notice.channelID = channelID
            }
            if let token { notice.token = token.isEmpty ? nil : token }
            if let resourceID { notice.resourceID = resourceID }
            return notice
        }
    }

    // MARK: Helpers

    static func jsonObject(_ data: Data) -> [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }

    /// Route parameters arrive percent-encoded (a calendar id with `@`).
    static func decoded(_ parameter: String?) -> String {
        let text = parameter ?? ""
        return text.removingPercentEncoding ?? text
    }

    static func escaped(_ component: String) -> String {
        let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return component.addingPercentEncoding(withAllowedCharacters: unreserved) ?? component
    }

    /// Google's error shape: `{"error": {code, message, errors: [{domain, reason, message}]}}`.
    static func failure(_ code: Int, _ reason: String, _ message: String) -> Response {
        Self.json(code, ["error": ["code": code, "message": message, "errors": [["domain": "global", "reason": reason, "message": message]]]])
    }

    static func rfc3339(_ date: Date, fractional: Bool = false) -> String {
        let formatter = ISO8601DateFormatter()
        if fractional { formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds] }
        return formatter.string(from: date)
    }

    static func parseDate(_ text: String) -> Date? {
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return ISO8601DateFormatter().date(from: text) ?? fractional.date(from: text)
    }

    /// `X-Goog-Channel-Expiration`'s human-readable form, e.g. `Tue, 19 Nov 2013 01:13:52 GMT`.
    static func rfc1123(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}

extension FakeGoogle.State {
    /// Stores `object` as the event's next version: the change log's next `seq`, with Google's `etag` and `updated`.
    mutating func commit(_ key: String, _ object: [String: Any]) -> Data {
        changeSeq += 1
        var full = object
        let now = FakeGoogle.rfc3339(Date(), fractional: true)
        full["kind"] = "calendar#event"
        full["status"] = full["status"] as? String ?? "confirmed"
        full["etag"] = "\"\(changeSeq)\""
        full["updated"] = now
        if full["created"] == nil { full["created"] = now }
        let raw = (try? JSONSerialization.data(withJSONObject: full)) ?? Data()
        events[key] = FakeGoogle.Event(
            json: full.compactMapValues { $0 as? String }, raw: raw, status: full["status"] as? String ?? "confirmed", seq: changeSeq)
        return raw
    }

    /// The `exists` notices of one change in `calendar`: one per live channel watching it, unless auto-notify is off.
    mutating func notices(for calendar: String) -> [FakeGoogle.Notice] {
        guard autoNotify else { return [] }
        let now = Date()
        var notices: [FakeGoogle.Notice] = []
        for i in channels.indices where channels[i].calendar == calendar && channels[i].live(at: now) {
            notices.append(nextNotice(i, state: "exists"))
        }
        return notices
    }

    /// The channel's next notice: message numbers grow by a random step, as Google's do (they are no gap detector).
    mutating func nextNotice(_ index: Int, state: String) -> FakeGoogle.Notice {
        channels[index].messageNumber += Int.random(in: 1 ... 5)
        return FakeGoogle.Notice(channels[index], state: state, number: channels[index].messageNumber)
    }
}
