namespace DigiCert.CertCentral
{
    /// <summary>
    /// Builds the models the client returns, for tests and fakes of <see cref="CertCentralClient"/>
    /// (like Azure SDK's model factories): one method per model, each value a named optional
    /// argument. Generated with the models (Class.liquid), so it always matches the description.
    /// </summary>
    public static partial class CertCentralModelFactory
    {
        /// <summary>Creates one of DigiCert's errors, as a failed call's <see cref="CertCentralException.Errors"/> hold them.</summary>
        /// <param name="code">The code, such as <c>not_found|order</c>.</param>
        /// <param name="message">The message, if any.</param>
        /// <returns>The error.</returns>
        public static ErrorDetail ErrorDetail(string? code = null, string? message = null) => new ErrorDetail(code, message);
    }
}
