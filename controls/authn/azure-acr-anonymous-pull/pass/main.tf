resource "azurerm_container_registry" "private" {
  name                = "acrprivate"
  resource_group_name = "rg-registry"
  location            = "westeurope"
  sku                 = "Premium"
}

