resource "azurerm_api_management" "internal" {
  name                 = "contoso-internal"
  location             = "westeurope"
  resource_group_name  = "rg-api"
  publisher_name       = "Contoso"
  publisher_email      = "api@contoso.example"
  sku_name             = "Premium_1"
  virtual_network_type = "Internal"

  virtual_network_configuration {
    subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/apim"
  }
}

resource "azurerm_api_management" "external" {
  name                 = "contoso-external"
  location             = "westeurope"
  resource_group_name  = "rg-api"
  publisher_name       = "Contoso"
  publisher_email      = "api@contoso.example"
  sku_name             = "Developer_1"
  virtual_network_type = "External"

  virtual_network_configuration {
    subnet_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/apim-ext"
  }
}
