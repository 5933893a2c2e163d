resource "azurerm_container_registry" "entra" {
  name                = "acrentra"
  resource_group_name = "rg-registry"
  location            = "westeurope"
  sku                 = "Premium"
}

resource "azurerm_container_registry" "explicit" {
  name                = "acrexplicit"
  resource_group_name = "rg-registry"
  location            = "westeurope"
  sku                 = "Premium"
  admin_enabled       = false
}

