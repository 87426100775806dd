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
        for (var i = 0; i < headers.Length; i++)
            widths[i] = Math.Max(headers[i].Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length));
        w.WriteLine(Line(headers, widths, indent));
        w.WriteLine(indent + string.Join("  ", widths.Select(x => new string('-', x))));
        foreach (var r in _rows) w.WriteLine(Line(r, widths, indent));
    }

    private string Line(string[] cells, int[] widths, string indent)
    {
        var sb = new StringBuilder(indent);
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) sb.Append("  ");
            sb.Append(_right[i] ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
        }

        return sb.ToString().TrimEnd();
    }
}
