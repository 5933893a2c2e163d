# No security block: every legacy protocol and 3DES default to off.
resource "azurerm_api_management" "defaults" {
  name                = "contoso-defaults"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Developer_1"
}

resource "azurerm_api_management" "explicit" {
  name                = "contoso-explicit"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Premium_1"

  security {
    enable_backend_ssl30                                = false
    enable_backend_tls10                                = false
    enable_backend_tls11                                = false
    enable_frontend_ssl30                               = false
    enable_frontend_tls10                               = false
    enable_frontend_tls11                               = false
    triple_des_ciphers_enabled                          = false
    tls_ecdhe_rsa_with_aes128_cbc_sha_ciphers_enabled   = true
  }
}
