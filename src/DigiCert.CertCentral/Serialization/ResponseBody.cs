using DigiCert.CertCentral.Pipeline;

namespace DigiCert.CertCentral.Serialization
{
    /// <summary>
    /// Parses a response body that the pipeline has already read into pooled memory
    /// (<see cref="BufferedContent"/>), in the charset its Content-Type declares (UTF-8, with or
    /// without a byte order mark, when none is declared), decoding straight into Newtonsoft.Json's
    /// pooled character buffer.
    /// </summary>
    internal static class ResponseBody
    {
        /// <exception cref="UnreadableBodyException">
        /// The body is not <typeparamref name="T"/>, is not valid text in its charset, or declares
        /// a charset .NET cannot decode; with the JSON path, the reason and a bounded excerpt
        /// (cleaned of the API key).
        /// </exception>
        public static T Deserialize<T>(BufferedContent content)
        {
            var segments = content.Segments;
            var declaredCharset = content.Headers.ContentType?.CharSet;
            var encoding = BodyEncoding.Resolve(declaredCharset, segments.Count > 0 ? segments[0] : default);
            if (encoding is null)
            {
                throw UnreadableBodyException
                    .At($"The response declares charset '{declaredCharset}', which the client cannot decode.", string.Empty, 0, 0, null)
                    .WithBody(content.Redactor.Scrub(BodyEncoding.DecodeExcerpt(segments, SegmentTextReader.StrictUtf8)));
            }

            try
            {
                return CertCentralJson.Deserialize<T>(new SegmentTextReader(segments, encoding));
            }
            catch (UnreadableBodyException e)
            {
                throw e.WithBody(content.Redactor.Scrub(BodyEncoding.DecodeExcerpt(segments, encoding)), content.Redactor.Scrub);
            }
        }
    }
}
