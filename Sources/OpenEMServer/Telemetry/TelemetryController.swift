import Foundation
import Hummingbird
import Metrics
import OpenEMCore

/// `POST /api/v1/telemetry`: device batches, validated per item, acknowledged only once durable.
struct TelemetryController {
    let store: any OpenEMStore
    let clock: @Sendable () -> Date
    let wake: LogSignal
    static let maxMessages = 10_000

    private let accepted = Counter(label: "openem_telemetry_accepted_total")
    private let duplicates = Counter(label: "openem_telemetry_duplicates_total")
    private let rejected = Counter(label: "openem_telemetry_rejected_total")

    init(store: any OpenEMStore, clock: @escaping @Sendable () -> Date, wake: LogSignal) {
        self.store = store
        self.clock = clock
        self.wake = wake
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("telemetry", use: ingest)
    }

    struct Batch: Decodable, Equatable {
        var deviceId: String
        var messages: [TelemetryItem]
    }

    struct Rejected: Codable {
        var index: Int
        var code: String
        var message: String
    }

    struct Result: ResponseCodable {
        var accepted: Int
        var duplicates: Int
        var rejected: [Rejected]
    }

    @Sendable func ingest(request: Request, context: AppRequestContext) async throws -> Result {
        guard let key = request.bearerToken else {
            throw APIError(.unauthorized, "DEVICE_KEY_REQUIRED", "send the device key as Authorization: Bearer <key>")
        }
        let batch = try await request.decodeJSON(as: Batch.self, context: context, readingFirst: TelemetryBatchScanner.scan)
        guard batch.messages.count <= Self.maxMessages else {
            throw APIError(.contentTooLarge, "TOO_MANY_MESSAGES", "a batch may hold at most \(Self.maxMessages) messages")
        }
        guard let device = try await store.device(id: batch.deviceId), Secrets.equal(Secrets.sha256Hex(key), device.keyHash) else {
            throw APIError(.unauthorized, "INVALID_DEVICE_KEY", "the key does not belong to this deviceId")
        }
        let now = clock()
        var messages: [TelemetryMessage] = []
        messages.reserveCapacity(batch.messages.count)
        var refused: [Rejected] = []
        for (i, item) in batch.messages.enumerated() {
            switch item.message(deviceId: device.id, now: now) {
            case .success(let m): messages.append(m)
            case .failure(let r): refused.append(Rejected(index: i, code: r.code, message: r.message))
            }
        }
        let stored =
            messages.isEmpty
            ? TelemetryAppendResult(accepted: 0, duplicates: 0)
            : try await store.appendTelemetry(messages, receivedAt: now)
        if stored.accepted > 0 { wake.signal() }
        accepted.increment(by: stored.accepted)
        duplicates.increment(by: stored.duplicates)
        rejected.increment(by: refused.count)
        return Result(accepted: stored.accepted, duplicates: stored.duplicates, rejected: refused)
    }
}
