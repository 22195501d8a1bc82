import Foundation
import NIOCore
import PostgresNIO

/// The trail search's statements, prepared once per connection: a search runs four or five of them, and parsing
/// and planning each anew (about a millisecond apiece with 400 device keys bound) was on its critical path.
enum TrailSearchStatements {
    /// Devices with a fix in the cells over a span of slots, and whether one was in the window's slots.
    struct Seen: PostgresPreparedStatement {
        static let sql = """
            SELECT dkey, bool_or(slot BETWEEN $4 AND $5) FROM position_slots
            WHERE cell = ANY($1) AND slot BETWEEN $2 AND $3 GROUP BY dkey
            """
        typealias Row = (Int64, Bool)
        var cells: [Int64], from: Int64, to: Int64, windowFrom: Int64, windowTo: Int64

        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings(capacity: 5)
            b.append(cells)
            b.append(from)
            b.append(to)
            b.append(windowFrom)
            b.append(windowTo)
            return b
        }
        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// Each device's packed fixes in the slots, its rows joined (packed fixes concatenate).
    struct Packed: DeviceSlots {
        static let sql = """
            SELECT dkey, string_agg(fixes, ''::bytea) FROM trail_chunks
            WHERE dkey = ANY($1) AND slot BETWEEN $2 AND $3 GROUP BY dkey
            """
        typealias Row = (Int64, ByteBuffer)
        var dkeys: [Int64], from: Int64, to: Int64
        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// Those of the devices with a fix in the slots.
    struct WithFixes: DeviceSlots {
        static let sql = "SELECT DISTINCT dkey FROM trail_chunks WHERE dkey = ANY($1) AND slot BETWEEN $2 AND $3"
        typealias Row = Int64
        var dkeys: [Int64], from: Int64, to: Int64
        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// Who wore each device during [from, to): each device's installations looked up through their index
    /// (`OFFSET 0` keeps the planner from turning the lookups into a scan of every installation).
    struct Worn: PostgresPreparedStatement {
        static let sql = """
            SELECT d.dkey, i.id, i.device_id, i.order_id, i.subject_id, i.installed_at, i.removed_at
            FROM devices d, LATERAL (SELECT * FROM installations i WHERE i.device_id = d.id AND i.installed_at < $3
                                       AND (i.removed_at IS NULL OR i.removed_at > $2) OFFSET 0) i
            WHERE d.dkey = ANY($1)
            """
        typealias Row = (Int64, String, String, String, String, Date, Date?)
        var dkeys: [Int64], from: Date, to: Date

        func makeBindings() throws -> PostgresBindings {
            var b = PostgresBindings(capacity: 3)
            b.append(dkeys)
            b.append(from)
            b.append(to)
            return b
        }
        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }
}

/// A statement over some devices' rows in a span of slots.
protocol DeviceSlots: PostgresPreparedStatement {
    var dkeys: [Int64] { get }
    var from: Int64 { get }
    var to: Int64 { get }
}

extension DeviceSlots {
    func makeBindings() throws -> PostgresBindings {
        var b = PostgresBindings(capacity: 3)
        b.append(dkeys)
        b.append(from)
        b.append(to)
        return b
    }
}

extension PostgresStore {
    /// A prepared statement on a pooled connection; its rows are read before the connection goes back to the pool.
    func execute<S: PostgresPreparedStatement>(_ statement: S) async throws -> [S.Row] where S.Row: Sendable {
        do {
            return try await withConnection { c in
                let rows: AsyncThrowingMapSequence<PostgresRowSequence, S.Row> = try await c.execute(statement, logger: self.logger)
                var out: [S.Row] = []
                for try await row in rows { out.append(row) }
                return out
            }
        } catch {
            throw Self.map(error)
        }
    }
}
