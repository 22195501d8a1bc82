import Crypto
import Foundation

/// The pseudonym of a person in a project: hex HMAC-SHA256 of their CRN (as stored, trimmed, upper-cased) under the
/// project's linkage key. A partner holding the key computes the same value from the CRNs in its own data.
public enum Pseudonym {
    /// nil when the key is not 64 hex digits.
    public static func key(hex: String) -> SymmetricKey? {
        let chars = Array(hex.utf8)
        guard chars.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for i in stride(from: 0, to: 64, by: 2) {
            guard let b = UInt8(String(decoding: chars[i..<i + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(b)
        }
        return SymmetricKey(data: bytes)
    }

    /// The CRN as it is compared: without surrounding spaces, upper case.
    public static func normalised(crn: String) -> String { crn.trimmingCharacters(in: .whitespaces).uppercased() }

    public static func of(crn: String, key: SymmetricKey) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Data(normalised(crn: crn).utf8), using: key))
    }
}
