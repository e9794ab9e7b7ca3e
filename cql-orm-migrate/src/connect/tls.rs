//! A rustls client configuration from PEM files.

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use super::TlsOptions;
use crate::error::{Error, Result};

fn certificates(path: &Path, what: &str) -> Result<Vec<CertificateDer<'static>>> {
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| {
            Error::Tls(format!(
                "cannot read the {what} file {}: {e}",
                path.display()
            ))
        })?
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| {
            Error::Tls(format!(
                "cannot read the {what} file {}: {e}",
                path.display()
            ))
        })?;
    if certs.is_empty() {
        return Err(Error::Tls(format!(
            "the {what} file {} holds no PEM certificate",
            path.display()
        )));
    }
    Ok(certs)
}

/// Builds the client configuration: the CA file is required, client certificate and key
/// go together.
pub(super) fn client_config(options: &TlsOptions) -> Result<Arc<rustls::ClientConfig>> {
    let ca = options.ca.as_deref().ok_or_else(|| {
        Error::Tls(
            "--tls-ca is required: the PEM file of the CA that signs the nodes' certificates"
                .to_owned(),
        )
    })?;
    let mut roots = rustls::RootCertStore::empty();
    for cert in certificates(ca, "CA certificate")? {
        roots
            .add(cert)
            .map_err(|e| Error::Tls(format!("bad CA certificate in {}: {e}", ca.display())))?;
    }
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Tls(e.to_string()))?
        .with_root_certificates(roots);
    let config = match (&options.cert, &options.key) {
        (Some(cert), Some(key)) => {
            let chain = certificates(cert, "client certificate")?;
            let key = PrivateKeyDer::from_pem_file(key).map_err(|e| {
                Error::Tls(format!(
                    "cannot read the client key file {}: {e}",
                    key.display()
                ))
            })?;
            builder
                .with_client_auth_cert(chain, key)
                .map_err(|e| Error::Tls(format!("bad client certificate or key: {e}")))?
        }
        (None, None) => builder.with_no_client_auth(),
        _ => {
            return Err(Error::Tls(
                "--tls-cert and --tls-key must be given together".to_owned(),
            ))
        }
    };
    Ok(Arc::new(config))
}
