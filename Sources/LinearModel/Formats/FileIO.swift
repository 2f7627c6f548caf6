import CZlib
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and writes through the C library, so the modeling layer needs no Foundation.
enum FileIO {
    /// The file's bytes decoded as UTF-8 (invalid bytes become U+FFFD). A path ending in `.gz`
    /// is decompressed on the fly (netlib and MIPLIB distribute models gzip-compressed).
    static func readText(_ path: String) throws(FileFormatError) -> String {
        if isCompressed(path) { return try readCompressedText(path) }
        guard let fp = fopen(path, "rb") else {
            throw FileFormatError(file: path, message: "cannot open the file for reading (\(errorText()))")
        }
        defer { fclose(fp) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, fp) }
            if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count {
                if ferror(fp) != 0 {
                    throw FileFormatError(file: path, message: "cannot read the file (\(errorText()))")
                }
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `path` names a gzip-compressed file (by its `.gz` extension).
    static func isCompressed(_ path: String) -> Bool {
        path.lowercased().hasSuffix(".gz")
    }

    private static func readCompressedText(_ path: String) throws(FileFormatError) -> String {
        guard let gz = gzopen(path, "rb") else {
            throw FileFormatError(file: path, message: "cannot open the file for reading (\(errorText()))")
        }
        defer { gzclose(gz) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { gzread(gz, $0.baseAddress, UInt32($0.count)) }
            if n < 0 {
                var code: Int32 = 0
                let message = gzerror(gz, &code).map { String(cString: $0) } ?? "error \(code)"
                throw FileFormatError(file: path, message: "cannot decompress the file (\(message))")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<Int(n)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Replaces the file's contents with `text` (UTF-8).
    static func writeText(_ text: String, to path: String) throws(FileFormatError) {
        guard let fp = fopen(path, "wb") else {
            throw FileFormatError(file: path, message: "cannot open the file for writing (\(errorText()))")
        }
        var text = text
        let written = text.withUTF8 { fwrite($0.baseAddress, 1, $0.count, fp) }
        let closed = fclose(fp)
        if written != text.utf8.count || closed != 0 {
            throw FileFormatError(file: path, message: "cannot write the file (\(errorText()))")
        }
    }

    private static func errorText() -> String {
        guard let s = strerror(errno) else { return "errno \(errno)" }
        return String(cString: s)
    }
}
