import Foundation
import Testing

@testable import OpenEMCore

@Suite("Violation cursor")
struct ViolationCursorTests {
    @Test("a page's cursor is `start-millis:id` of its last violation and reads back the same")
    func roundTrip() throws {
        let v = Violation(
            id: "v:7", subjectId: "s", orderId: nil, conditionId: nil, deviceId: nil, type: .tamper, status: .confirmed,
            start: Date(timeIntervalSince1970: 1_795_000_000.123), end: nil, late: false,
            evidence: ViolationEvidence(summary: "strap"), createdAt: .distantPast, updatedAt: .distantPast)
        let cursor = ViolationCursor(after: v)
        #expect(cursor.description == "1795000000123:v:7")
        #expect(ViolationCursor(cursor.description) == cursor)
        #expect(cursor.start == Date(timeIntervalSince1970: 1_795_000_000.123))
    }

    @Test("cursors clients already hold are accepted; text that is not one is not")
    func wireFormat() {
        #expect(ViolationCursor("1795000000000:0f8e2c") == ViolationCursor(startMillis: 1_795_000_000_000, id: "0f8e2c"))
        #expect(ViolationCursor("yesterday:0f8e2c") == nil)
        #expect(ViolationCursor("1795000000000") == nil)
    }
}
