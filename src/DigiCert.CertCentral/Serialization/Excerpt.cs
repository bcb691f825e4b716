using System.Text;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>Short, one-line views of response text for exception messages.</summary>
    internal static class Excerpt
    {
        /// <summary>At most <paramref name="max"/> characters, control characters and line breaks shown as spaces.</summary>
        public static string Shorten(string text, int max)
        {
            var cut = text.Length > max;
            var builder = new StringBuilder(cut ? max + 3 : text.Length);
            var length = cut ? max : text.Length;
            var lastWasSpace = false;
            for (var i = 0; i < length; i++)
            {
                var c = text[i];
                var space = char.IsWhiteSpace(c) || char.IsControl(c);
                if (space && lastWasSpace) continue;
                builder.Append(space ? ' ' : c);
                lastWasSpace = space;
            }

            if (cut) builder.Append("...");
            return builder.ToString();
        }

        /// <summary>About <paramref name="radius"/> characters either side of (line, position), 1-based; the start when unknown.</summary>
        public static string Around(string text, int line, int position, int radius)
        {
            var index = 0;
            for (var current = 1; current < line && index >= 0; current++)
            {
                index = text.IndexOf('\n', index);
                if (index >= 0) index++;
            }

            if (line <= 0 || index < 0) return Shorten(text, 2 * radius);
            index = System.Math.Min(text.Length, index + System.Math.Max(position - 1, 0));
            var start = System.Math.Max(0, index - radius);
            var excerpt = Shorten(text.Substring(start), 2 * radius);
            return start > 0 ? "..." + excerpt : excerpt;
        }
    }
}
