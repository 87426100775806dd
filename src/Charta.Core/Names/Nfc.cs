using System.Globalization;
using System.Reflection;
using System.Text;

namespace Charta.Core.Names;

/// <summary>
/// Unicode Normalization Form C without ICU: the build runs with InvariantGlobalization, where
/// <see cref="string.Normalize()"/> leaves non-ASCII text unchanged, so a decomposed "Álice" (A + U+0301) would be
/// a different holder from the composed one. The data (nfc-data.txt, embedded) is the Unicode Character Database's
/// canonical combining classes, canonical decompositions and primary composites; the algorithm is UAX #15's:
/// decompose fully, order combining marks by class, then compose.
/// </summary>
public static class Nfc
{
    private sealed record Data(Dictionary<int, int> Ccc, Dictionary<int, int[]> Decomposition, Dictionary<long, int> Composition);

    private static readonly Lazy<Data> Tables = new(LoadTables);

    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7, LCount = 19, VCount = 21, TCount = 28;
    private const int NCount = VCount * TCount, SCount = LCount * NCount;

    /// <summary>The NFC form of <paramref name="text"/>; ASCII text is returned as is. Throws ArgumentException on a lone surrogate.</summary>
    public static string Normalize(string text)
    {
        var ascii = true;
        foreach (var c in text)
        {
            if (c >= 0x80) { ascii = false; break; }
        }

        if (ascii) return text;
        var t = Tables.Value;
        var buffer = new List<int>(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            int cp;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { cp = char.ConvertToUtf32(text[i], text[i + 1]); i++; }
            else if (char.IsSurrogate(text[i])) throw new ArgumentException("the text holds a lone surrogate", nameof(text));
            else cp = text[i];
            Decompose(cp, buffer, t);
        }

        // Canonical ordering: a stable sort of each run of non-starters by combining class.
        for (var i = 1; i < buffer.Count; i++)
        {
            var c = Ccc(buffer[i], t);
            if (c == 0) continue;
            var j = i;
            while (j > 0 && Ccc(buffer[j - 1], t) > c)
            {
                (buffer[j - 1], buffer[j]) = (buffer[j], buffer[j - 1]);
                j--;
            }
        }

        // Composition.
        var output = new List<int>(buffer.Count);
        var starterPos = -1;
        var lastClass = -1;
        foreach (var ch in buffer)
        {
            var chClass = Ccc(ch, t);
            if (starterPos >= 0 && (lastClass < chClass || lastClass == 0 && output.Count - 1 == starterPos)
                && Compose(output[starterPos], ch, t) is { } composite)
            {
                output[starterPos] = composite;
                continue;
            }

            if (chClass == 0) starterPos = output.Count;
            lastClass = chClass;
            output.Add(ch);
        }

        var sb = new StringBuilder(output.Count);
        foreach (var cp in output) sb.Append(char.ConvertFromUtf32(cp));
        return sb.ToString();
    }

    private static int Ccc(int cp, Data t) => t.Ccc.GetValueOrDefault(cp);

    private static void Decompose(int cp, List<int> into, Data t)
    {
        if (cp is >= SBase and < SBase + SCount)
        {
            var s = cp - SBase;
            into.Add(LBase + s / NCount);
            into.Add(VBase + s % NCount / TCount);
            if (s % TCount != 0) into.Add(TBase + s % TCount);
            return;
        }

        if (t.Decomposition.TryGetValue(cp, out var parts))
            foreach (var p in parts) Decompose(p, into, t);
        else
            into.Add(cp);
    }

    private static int? Compose(int first, int second, Data t)
    {
        if (first is >= LBase and < LBase + LCount && second is >= VBase and < VBase + VCount)
            return SBase + ((first - LBase) * VCount + (second - VBase)) * TCount;
        if (first is >= SBase and < SBase + SCount && (first - SBase) % TCount == 0 && second is > TBase and < TBase + TCount)
            return first + (second - TBase);
        return t.Composition.TryGetValue(((long)first << 21) | (uint)second, out var c) ? c : null;
    }

    private static Data LoadTables()
    {
        var ccc = new Dictionary<int, int>();
        var decomposition = new Dictionary<int, int[]>();
        var composition = new Dictionary<long, int>();
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Charta.Names.nfc-data.txt")
            ?? throw new InvalidOperationException("missing embedded resource nfc-data.txt");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var f = line.Split(';');
            var cp = int.Parse(f[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var cls = int.Parse(f[1], CultureInfo.InvariantCulture);
            if (cls != 0) ccc[cp] = cls;
            if (f[2].Length > 0)
            {
                var parts = f[2].Split(' ').Select(h => int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
                decomposition[cp] = parts;
                if (f[3] == "1") composition[((long)parts[0] << 21) | (uint)parts[1]] = cp;
            }
        }

        return new Data(ccc, decomposition, composition);
    }
}
