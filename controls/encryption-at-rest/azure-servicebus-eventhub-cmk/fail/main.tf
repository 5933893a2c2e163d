resource "azurerm_servicebus_namespace" "orders" { # fail: servicebus
  name                         = "sbns-orders"
  location                     = "westeurope"
  resource_group_name          = "rg-messaging"
  sku                          = "Premium"
  premium_messaging_partitions = 1
  capacity                     = 1
}

resource "azurerm_eventhub_namespace" "telemetry" { # fail: eventhub
  name                = "evhns-telemetry"
  location            = "westeurope"
  resource_group_name = "rg-messaging"
  sku                 = "Premium"
  capacity            = 1
}

