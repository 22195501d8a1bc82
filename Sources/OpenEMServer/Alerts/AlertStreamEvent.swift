import NIOCore
import OpenEMCore

/// An alert as the live stream sends it: decoded once (to judge who may see it) and framed once, however many
/// streams carry it. Its SSE `id` is its outbox position, which is what `Last-Event-ID` resumes after.
struct AlertStreamEvent: Sendable {
    let id: Int64
    let alert: Alert
    let frame: ByteBuffer

    /// Nil for outbox events that are not alerts.
    init?(_ e: OutboxEvent) {
        guard e.topic == AlertTopic.alert, let alert = try? AlertTopic.alert(from: e.payload) else { return nil }
        id = e.id
        self.alert = alert
        var frame = ByteBuffer()
        frame.writeString("id: \(e.id)\nevent: alert\ndata: ")
        frame.writeBytes(e.payload)
        frame.writeString("\n\n")
        self.frame = frame
    }
}
