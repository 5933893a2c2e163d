resource "azurerm_api_management" "open" {
  name                = "contoso-open"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Developer_1"

  sign_up {
    enabled = true # fail: service

    terms_of_service {
      enabled          = true
      consent_required = true
      text             = "Use of the Contoso APIs is subject to the partner agreement."
    }
  }
}

resource "azurerm_api_management" "unset" { # fail: service - the portal keeps its default: sign-up on
  name                = "contoso-unset"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Premium_1"
}

