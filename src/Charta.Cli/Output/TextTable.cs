using System.Text;

namespace Charta.Cli.Output;

/// <summary>A plain-text table with left-aligned text columns and right-aligned number columns.</summary>
public sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];
    private readonly bool[] _right = new bool[headers.Length];

    /// <summary>Marks columns (by index) whose values are numbers, to right-align them.</summary>
    public TextTable RightAlign(params int[] columns)
    {
        foreach (var c in columns) _right[c] = true;
        return this;
    }

    public TextTable Row(params string[] cells)
    {
        if (cells.Length != headers.Length) throw new ArgumentException($"expected {headers.Length} cells, got {cells.Length}");
        _rows.Add(cells);
        return this;
    }

    public int Count => _rows.Count;

    public void WriteTo(TextWriter w, string indent = "  ")
    {
        var widths = new int[headers.Length];
        for (var i = 0; i < headers.Length; i++) widths[i] = headers[i].Length;
        foreach (var r in _rows)
            for (var i = 0; i < r.Length; i++)
                if (r[i].Length > widths[i]) widths[i] = r[i].Length;
        var line = new StringBuilder();
        WriteLine(w, line, headers, widths, indent);
        w.WriteLine(indent + string.Join("  ", widths.Select(x => new string('-', x))));
        // One reused buffer for every row: a table may have hundreds of thousands of them.
        foreach (var r in _rows) WriteLine(w, line, r, widths, indent);
    }

    private void WriteLine(TextWriter w, StringBuilder sb, string[] cells, int[] widths, string indent)
    {
        sb.Clear().Append(indent);
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) sb.Append(' ', 2);
            var pad = widths[i] - cells[i].Length;
            if (_right[i] && pad > 0) sb.Append(' ', pad);
            sb.Append(cells[i]);
            if (!_right[i] && pad > 0) sb.Append(' ', pad);
        }

        var end = sb.Length;
        while (end > 0 && char.IsWhiteSpace(sb[end - 1])) end--; // as string.TrimEnd()
        sb.Length = end;
        foreach (var chunk in sb.GetChunks()) w.Write(chunk.Span);
        w.WriteLine();
    }
}
