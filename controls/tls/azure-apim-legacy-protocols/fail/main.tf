resource "azurerm_api_management" "v3" {
  name                = "contoso-legacy"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Premium_1"

  security {
    enable_backend_ssl30  = false
    enable_frontend_tls10 = true # fail: service
    enable_frontend_tls11 = true
  }
}

resource "azurerm_api_management" "v5" {
  name                = "contoso-next"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Premium_1"

  security {
    backend_tls11_enabled = true # fail: service
  }
}

resource "azurerm_api_management" "ciphers" {
  name                = "contoso-ciphers"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Standard_1"

  security {
    triple_des_ciphers_enabled = true # fail: service
  }
}

variable "allow_old_clients" {
  type = bool
}

resource "azurerm_api_management" "configurable" {
  name                = "contoso-configurable"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Standard_1"

  security {
    enable_frontend_ssl30 = var.allow_old_clients # unknown: service
  }
}
