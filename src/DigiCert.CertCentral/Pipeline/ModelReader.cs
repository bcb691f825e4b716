using System.Net.Http;
using DigiCert.CertCentral.Serialization;
using Newtonsoft.Json.Linq;

namespace DigiCert.CertCentral.Pipeline
{
    /// <summary>What a call's success looks like: its status and the model its body is read into.</summary>
    internal abstract class ModelReader
    {
        protected ModelReader(int status) => Status = status;

        /// <summary>The success status the description gives the operation.</summary>
        public int Status { get; }

        /// <summary>Reads the buffered body into <see cref="BufferedContent.Model"/>, or throws <see cref="CertCentralException"/>.</summary>
        public abstract void Read(HttpResponseMessage response, BufferedContent body);
    }

    /// <summary>Reads a success body as <typeparamref name="T"/>.</summary>
    internal sealed class ModelReader<T> : ModelReader
    {
        private static ModelReader<T>? _ok;

        private ModelReader(int status)
            : base(status)
        {
        }

        /// <summary>The reader for <paramref name="status"/>; one instance for 200, the only status the description uses.</summary>
        public static ModelReader<T> For(int status) => status == 200 ? _ok ??= new ModelReader<T>(200) : new ModelReader<T>(status);

        public override void Read(HttpResponseMessage response, BufferedContent body)
        {
            T model;
            try
            {
                model = ResponseBody.Deserialize<T>(body);
            }
            catch (UnreadableBodyException e)
            {
                // DigiCert's error JSON under a success status: its errors say more than the parse failure.
                if (CertCentralException.ParseErrors(body.ReadText(), body.Redactor).Count > 0) throw ErrorsInstead(response);
                throw CertCentralException.Unreadable(response, $"Could not deserialize the response body as {typeof(T).Name}", e);
            }

            // A list model reads an error body as an empty list: not the answer it claims to be.
            // Any "errors" but null or empty ([], {}, "") is taken as DigiCert's.
            if (model is IUnknownFields { UnknownFields: { } unknown } && unknown.TryGetValue("errors", out var errors) && IsSomething(errors))
            {
                throw ErrorsInstead(response);
            }

            body.Model = model;
        }

        private static bool IsSomething(object? value) => value switch
        {
            null => false,
            JContainer container => container.Count > 0,
            JValue { Type: JTokenType.Null } => false,
            JValue { Value: string text } => text.Length > 0,
            string text => text.Length > 0, // unknown fields keep JSON primitives as plain values
            _ => true,
        };

        private static CertCentralException ErrorsInstead(HttpResponseMessage response) =>
            CertCentralException.FromResponse(response, $"The body carries DigiCert errors instead of a {typeof(T).Name}");
    }
}
