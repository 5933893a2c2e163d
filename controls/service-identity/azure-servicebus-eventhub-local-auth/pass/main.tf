resource "azurerm_servicebus_namespace" "orders" {
  name                = "sbns-orders"
  location            = "westeurope"
  resource_group_name = "rg-messaging"
  sku                 = "Standard"
  local_auth_enabled  = false
}

resource "azurerm_eventhub_namespace" "telemetry" {
  name                         = "evhns-telemetry"
  location                     = "westeurope"
  resource_group_name          = "rg-messaging"
  sku                          = "Standard"
  local_authentication_enabled = false
}

