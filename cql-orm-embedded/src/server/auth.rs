//! Password authentication as Cassandra's `PasswordAuthenticator` does it: SASL PLAIN tokens
//! (`authzid \0 user \0 password`) checked against the configured credentials.

use crate::error::{CqlError, ErrorCode};

/// The authenticator class name sent in AUTHENTICATE.
pub(crate) const PASSWORD_AUTHENTICATOR: &str = "org.apache.cassandra.auth.PasswordAuthenticator";

fn bad_credentials(message: impl Into<String>) -> CqlError {
    CqlError::new(ErrorCode::BadCredentials, message)
}

/// Splits a SASL PLAIN token into user name and password, from the end as Cassandra does.
pub(crate) fn decode_plain(token: &[u8]) -> Result<(String, String), CqlError> {
    let mut user: Option<&[u8]> = None;
    let mut pass: Option<&[u8]> = None;
    let mut end = token.len();
    for i in (0..token.len()).rev() {
        if token[i] != 0 {
            continue;
        }
        if pass.is_none() {
            pass = Some(&token[i + 1..end]);
        } else if user.is_none() {
            user = Some(&token[i + 1..end]);
        } else {
            return Err(bad_credentials(
                "Credential format error: username or password is empty or contains NUL(\\0) character",
            ));
        }
        end = i;
    }
    let pass = match pass {
        Some(p) if !p.is_empty() => p,
        _ => return Err(bad_credentials("Password must not be null")),
    };
    let user = match user {
        Some(u) if !u.is_empty() => u,
        _ => return Err(bad_credentials("Authentication ID must not be null")),
    };
    Ok((
        String::from_utf8_lossy(user).into_owned(),
        String::from_utf8_lossy(pass).into_owned(),
    ))
}

/// Checks a SASL PLAIN token against the expected credentials.
pub(crate) fn authenticate(token: &[u8], expected: &(String, String)) -> Result<(), CqlError> {
    let (user, password) = decode_plain(token)?;
    if user == expected.0 && password == expected.1 {
        Ok(())
    } else {
        Err(bad_credentials(format!(
            "Provided username {user} and/or password are incorrect"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_tokens() {
        let creds = ("cassandra".to_string(), "s3cret".to_string());
        assert!(authenticate(b"\0cassandra\0s3cret", &creds).is_ok());
        assert!(authenticate(b"authz\0cassandra\0s3cret", &creds).is_ok());
        let e = authenticate(b"\0cassandra\0wrong", &creds).unwrap_err();
        assert_eq!(e.code, ErrorCode::BadCredentials);
        assert_eq!(
            e.message,
            "Provided username cassandra and/or password are incorrect"
        );
        assert_eq!(
            decode_plain(b"\0user\0").unwrap_err().message,
            "Password must not be null"
        );
        assert_eq!(
            decode_plain(b"pw").unwrap_err().message,
            "Password must not be null"
        );
        assert_eq!(
            decode_plain(b"\0\0pw").unwrap_err().message,
            "Authentication ID must not be null"
        );
        assert!(decode_plain(b"a\0b\0c\0d").is_err());
    }
}
