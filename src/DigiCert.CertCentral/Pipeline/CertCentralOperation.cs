using System;
using Newtonsoft.Json;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>
    /// What the description says about one operation, as its generated method tells the pipeline:
    /// its id, the status that carries its model and how the model is read (the generated reader of
    /// <typeparamref name="T"/>), and what each other listed status means (for the exception message).
    /// </summary>
    /// <typeparam name="T">The model of the success response.</typeparam>
    internal sealed class CertCentralOperation<T>
    {
        private readonly Func<int, string?> _describeStatus;

        public CertCentralOperation(string id, int successStatus, Func<JsonReader, T?> read, Func<int, string?> describeStatus)
        {
            Id = id;
            SuccessStatus = successStatus;
            Read = read;
            _describeStatus = describeStatus;
        }

        /// <summary>The description's operationId, such as <c>getKeyInfo</c>.</summary>
        public string Id { get; }

        public int SuccessStatus { get; }

        /// <summary>Reads the model from the reader positioned on the body's first token.</summary>
        public Func<JsonReader, T?> Read { get; }

        /// <summary>What <paramref name="status"/> means for this operation.</summary>
        public string Describe(int status) => _describeStatus(status) ?? "The HTTP status code of the response was not expected.";
    }
}
