import Foundation
import OpenEMCore
import Testing

@testable import OpenEMPostgres

@Suite struct RecentLogTests {
    static func entries(_ offsets: ClosedRange<Int64>) -> [LoggedTelemetry] {
        offsets.map { o in
            LoggedTelemetry(
                offset: o, receivedAt: Date(timeIntervalSince1970: 0),
                message: TelemetryMessage(deviceId: "d", seq: o, time: Date(timeIntervalSince1970: Double(o)), payload: .heartbeat))
        }
    }

    @Test func aReaderIsServedOnlyWhatTheStretchHoldsContiguously() {
        let log = RecentLog(capacity: 100)
        #expect(log.read(after: 0, limit: 10) == nil, "nothing seen yet: read the database")
        log.add(Self.entries(1...10))
        #expect(log.read(after: 0, limit: 5)?.map(\.offset) == [1, 2, 3, 4, 5])
        #expect(log.read(after: 7, limit: 5)?.map(\.offset) == [8, 9, 10], "a short read at the end, never past what is held")
        #expect(log.read(after: 10, limit: 5) == nil, "the next entry is not here yet")
        // An overlapping read from the database extends the stretch; an older one is ignored.
        log.add(Self.entries(8...15))
        #expect(log.read(after: 10, limit: 10)?.map(\.offset) == Array(11...15))
        log.add(Self.entries(1...3))
        #expect(log.read(after: 0, limit: 20)?.count == 15)
        // Newer entries after a gap (another node's appends unseen here) start a new stretch: the gap is never served.
        log.add(Self.entries(20...25))
        #expect(log.read(after: 15, limit: 5) == nil)
        #expect(log.read(after: 5, limit: 5) == nil)
        #expect(log.read(after: 19, limit: 3)?.map(\.offset) == [20, 21, 22])
    }

    @Test func aReadWithRowsMissingIsNotKeptAndAClearForgetsEverything() {
        let log = RecentLog(capacity: 100)
        log.add(Self.entries(1...10))
        // Offsets 13 and 14 deleted by a retention run: were this kept, the stretch would serve 15 as 13.
        log.add(Self.entries(11...12) + Self.entries(15...20))
        #expect(log.read(after: 10, limit: 5) == nil)
        #expect(log.read(after: 5, limit: 10)?.map(\.offset) == Array(6...10))
        log.clear()
        #expect(log.read(after: 0, limit: 5) == nil)
    }

    @Test func theStretchIsBoundedAndKeepsTheNewest() {
        let log = RecentLog(capacity: 100)
        for start in stride(from: Int64(1), to: 1_000, by: 10) { log.add(Self.entries(start...(start + 9))) }
        #expect(log.read(after: 500, limit: 1) == nil, "old entries are dropped")
        #expect(log.read(after: 999, limit: 5)?.map(\.offset) == [1_000], "the newest are kept")
    }

    @Test func aReaderAtTheEndIsSpareTheDatabaseOnlyUntilSomethingNewArrives() {
        let log = RecentLog(capacity: 100, tailPollInterval: .seconds(60))
        log.add(Self.entries(1...10))
        #expect(!log.tailIsFresh(after: 10), "nobody has looked past the end yet")
        log.notedEmptyTail()
        #expect(log.tailIsFresh(after: 10), "another partition just found nothing newer")
        #expect(!log.tailIsFresh(after: 9), "a reader behind the end reads the stretch, not the tail")
        log.add(Self.entries(11...12))
        #expect(!log.tailIsFresh(after: 12), "an append makes the next reader look again")
        let quick = RecentLog(capacity: 100, tailPollInterval: .zero)
        quick.add(Self.entries(1...3))
        quick.notedEmptyTail()
        #expect(!quick.tailIsFresh(after: 3), "a finding lasts only the poll interval")
    }
}
