/// A person's age in a band, never their date of birth: the bands of the MoJ's published statistics.
public enum AgeBand {
    public static let unknown = "UNKNOWN"
    /// Lower bounds of the bands above the first ("0-17"); the last is open ("65+").
    static let bounds = [18, 25, 35, 45, 55, 65]

    /// The band of the age in whole years on `day` of someone born on `dateOfBirth` ("yyyy-MM-dd").
    public static func of(dateOfBirth: String?, on day: LocalDay) -> String {
        guard let dob = dateOfBirth.flatMap(LocalDay.init(isoDate:)), dob <= day else { return unknown }
        return band(age: age(born: dob, on: day))
    }

    static func age(born: LocalDay, on day: LocalDay) -> Int {
        let b = born.description, d = day.description
        let years = Int(d.prefix(4))! - Int(b.prefix(4))!
        // Not yet had this year's birthday: "MM-dd" compares as text.
        return d.suffix(5) < b.suffix(5) ? years - 1 : years
    }

    public static func band(age: Int) -> String {
        if age < bounds[0] { return "0-17" }
        for (i, low) in bounds.enumerated() where i + 1 < bounds.count && age < bounds[i + 1] {
            return "\(low)-\(bounds[i + 1] - 1)"
        }
        return "\(bounds.last!)+"
    }
}
