resource "azurerm_api_management" "default" { # fail: service
  name                = "contoso-public"
  location            = "westeurope"
  resource_group_name = "rg-api"
  publisher_name      = "Contoso"
  publisher_email     = "api@contoso.example"
  sku_name            = "Developer_1"
}

resource "azurerm_api_management" "none" {
  name                 = "contoso-none"
  location             = "westeurope"
  resource_group_name  = "rg-api"
  publisher_name       = "Contoso"
  publisher_email      = "api@contoso.example"
  sku_name             = "Developer_1"
  virtual_network_type = "None" # fail: service
}

variable "network_mode" {
  type = string
}

resource "azurerm_api_management" "configurable" {
  name                 = "contoso-configurable"
  location             = "westeurope"
  resource_group_name  = "rg-api"
  publisher_name       = "Contoso"
  publisher_email      = "api@contoso.example"
  sku_name             = "Premium_1"
  virtual_network_type = var.network_mode # unknown: service
}
