/// The 43 territorial police forces of England and Wales (shared/data/police-forces.csv).
/// `id` is the crime CSV's first column; `code` is the `forceArea` used everywhere else.
public struct PoliceForce: Sendable, Hashable, Codable {
    public var id: String
    public var code: String
    public var name: String

    public static let all: [PoliceForce] = [
        .init(id: "AvonSomerset", code: "AVS", name: "Avon and Somerset Constabulary"),
        .init(id: "Bedfordshire", code: "BFD", name: "Bedfordshire Police"),
        .init(id: "Cambridgeshire", code: "CAM", name: "Cambridgeshire Constabulary"),
        .init(id: "Cheshire", code: "CHS", name: "Cheshire Constabulary"),
        .init(id: "CoLP", code: "COL", name: "City of London Police"),
        .init(id: "Cleveland", code: "CLV", name: "Cleveland Police"),
        .init(id: "Cumbria", code: "CMB", name: "Cumbria Constabulary"),
        .init(id: "Derbyshire", code: "DBY", name: "Derbyshire Constabulary"),
        .init(id: "DevonCornwall", code: "DCP", name: "Devon and Cornwall Police"),
        .init(id: "Dorset", code: "DOR", name: "Dorset Police"),
        .init(id: "Durham", code: "DUR", name: "Durham Constabulary"),
        .init(id: "DyfedPowys", code: "DPP", name: "Dyfed-Powys Police"),
        .init(id: "Essex", code: "ESX", name: "Essex Police"),
        .init(id: "Gloucestershire", code: "GLC", name: "Gloucestershire Constabulary"),
        .init(id: "GreaterManchester", code: "GMP", name: "Greater Manchester Police"),
        .init(id: "Gwent", code: "GWP", name: "Gwent Police"),
        .init(id: "Hampshire", code: "HAM", name: "Hampshire and Isle of Wight Constabulary"),
        .init(id: "Hertfordshire", code: "HRT", name: "Hertfordshire Constabulary"),
        .init(id: "Humberside", code: "HMB", name: "Humberside Police"),
        .init(id: "Kent", code: "KNT", name: "Kent Police"),
        .init(id: "Lancashire", code: "LAN", name: "Lancashire Constabulary"),
        .init(id: "Leicestershire", code: "LEI", name: "Leicestershire Police"),
        .init(id: "Lincolnshire", code: "LIN", name: "Lincolnshire Police"),
        .init(id: "Merseyside", code: "MER", name: "Merseyside Police"),
        .init(id: "Metropolitan", code: "MPS", name: "Metropolitan Police Service"),
        .init(id: "Norfolk", code: "NFK", name: "Norfolk Constabulary"),
        .init(id: "NorthWales", code: "NWL", name: "North Wales Police"),
        .init(id: "NorthYorkshire", code: "NYP", name: "North Yorkshire Police"),
        .init(id: "Northamptonshire", code: "NTH", name: "Northamptonshire Police"),
        .init(id: "Northumbria", code: "NBR", name: "Northumbria Police"),
        .init(id: "Nottinghamshire", code: "NOT", name: "Nottinghamshire Police"),
        .init(id: "SouthWales", code: "SWP", name: "South Wales Police"),
        .init(id: "SouthYorkshire", code: "SYP", name: "South Yorkshire Police"),
        .init(id: "Staffordshire", code: "STF", name: "Staffordshire Police"),
        .init(id: "Suffolk", code: "SFK", name: "Suffolk Constabulary"),
        .init(id: "Surrey", code: "SRY", name: "Surrey Police"),
        .init(id: "Sussex", code: "SXP", name: "Sussex Police"),
        .init(id: "ThamesValley", code: "TVP", name: "Thames Valley Police"),
        .init(id: "Warwickshire", code: "WAR", name: "Warwickshire Police"),
        .init(id: "WestMercia", code: "WMC", name: "West Mercia Police"),
        .init(id: "WestMidlands", code: "WMP", name: "West Midlands Police"),
        .init(id: "WestYorkshire", code: "WYP", name: "West Yorkshire Police"),
        .init(id: "Wiltshire", code: "WIL", name: "Wiltshire Police"),
    ]

    public static let byCode: [String: PoliceForce] = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })
    public static let byId: [String: PoliceForce] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
}
