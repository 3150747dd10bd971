"""Province single sign-on (OpenID Connect): a person signs in through the province's shared
account (Lào Cai, Bình Thuận: Art. 9.4 of their rules) and is matched to their account here by
ID number. The provider and client come from settings (HOSO_OIDC_PROVINCES), whether the
province offers it from its rules (`sso_enabled`)."""
