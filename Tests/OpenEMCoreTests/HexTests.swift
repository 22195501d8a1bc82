import OpenEMCore
import Testing

@Suite struct HexTests {
    @Test func twoLowerCaseDigitsPerByteInOrder() {
        #expect(Hex.string([0x00, 0x0F, 0xA0, 0xFF, 0x5C]) == "000fa0ff5c")
        #expect(Hex.string([UInt8]()) == "")
    }
}
