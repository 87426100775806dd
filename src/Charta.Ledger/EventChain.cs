using System.Security.Cryptography;
using System.Text;
using System.Globalization;

namespace Charta.Ledger;

/// <summary>
/// The integrity chain of a ledger. Each event stores the SHA-256 of its payload (the canonical JSON text written by
/// <see cref="EventSerializer"/>, as UTF-8 bytes) and a chain hash:
/// <c>hash = SHA-256(UTF-8 of "charta-event/1\n" followed by netstrings (N:field, with N its UTF-8 byte length) of the
/// previous hash, seq, type, version, effective date, recorded at, recorded by (empty if unknown) and payload SHA-256)</c>,
/// where the previous hash of the first event is 64 zeros. Changing,
/// removing or reordering any stored event changes the hash of that event or of the one after it.
/// Hashes are lowercase hex.
/// </summary>
public static class EventChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string PayloadHash(string payload) => Hex(SHA256.HashData(Encoding.UTF8.GetBytes(payload)));

    public static string Link(string previous, long seq, string type, int version, string effectiveDate, string recordedAt, string? recordedBy, string payloadHash)
    {
        // Each field as a netstring (its UTF-8 length, ':', the field, ','): unambiguous whatever the fields contain.
        var text = new StringBuilder("charta-event/1\n");
        foreach (var f in (ReadOnlySpan<string>)[previous, seq.ToString(CultureInfo.InvariantCulture), type, version.ToString(CultureInfo.InvariantCulture),
                     effectiveDate, recordedAt, recordedBy ?? "", payloadHash])
            text.Append(Encoding.UTF8.GetByteCount(f).ToString(CultureInfo.InvariantCulture)).Append(':').Append(f).Append(',');
        return Hex(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

